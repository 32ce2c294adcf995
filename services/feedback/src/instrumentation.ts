import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadFeedbackConfig } from './config/feedback-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadFeedbackConfig();
startTelemetry({ serviceName: 'feedback', ...telemetrySettings(config) });
