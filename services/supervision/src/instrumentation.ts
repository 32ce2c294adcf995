import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadSupervisionConfig } from './config/supervision-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadSupervisionConfig();
startTelemetry({ serviceName: 'supervision', ...telemetrySettings(config) });
