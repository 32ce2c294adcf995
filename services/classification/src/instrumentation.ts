import { startTelemetry } from '@hotline/observability';
import { loadClassificationConfig } from './config/classification-config';

const config = loadClassificationConfig();
startTelemetry({ serviceName: 'classification', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
