import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadClassificationConfig } from './config/classification-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadClassificationConfig();
startTelemetry({ serviceName: 'classification', ...telemetrySettings(config) });
