import { startTelemetry } from '@hotline/observability';
import { loadDispatchConfig } from './config/dispatch-config';

const config = loadDispatchConfig();
startTelemetry({ serviceName: 'dispatch', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
