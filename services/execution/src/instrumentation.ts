import { startTelemetry } from '@hotline/observability';
import { loadExecutionConfig } from './config/execution-config';

const config = loadExecutionConfig();
startTelemetry({ serviceName: 'execution', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
