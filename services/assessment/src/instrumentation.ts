import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadAssessmentConfig } from './config/assessment-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadAssessmentConfig();
startTelemetry({ serviceName: 'assessment', ...telemetrySettings(config) });
