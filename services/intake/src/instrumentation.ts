import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadIntakeConfig } from './config/intake-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadIntakeConfig();
startTelemetry({ serviceName: 'intake', ...telemetrySettings(config) });
