import { startTelemetry } from '@hotline/observability';
import { loadFeedbackConfig } from './config/feedback-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadFeedbackConfig();
startTelemetry({ serviceName: 'feedback', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
