import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadDispatchConfig } from './config/dispatch-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadDispatchConfig();
startTelemetry({ serviceName: 'dispatch', ...telemetrySettings(config) });
