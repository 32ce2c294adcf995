import { startTelemetry } from '@hotline/observability';
import { loadClassificationConfig } from './config/classification-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadClassificationConfig();
startTelemetry({ serviceName: 'classification', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
