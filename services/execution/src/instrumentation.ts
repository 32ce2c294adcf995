import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadExecutionConfig } from './config/execution-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadExecutionConfig();
startTelemetry({ serviceName: 'execution', ...telemetrySettings(config) });
