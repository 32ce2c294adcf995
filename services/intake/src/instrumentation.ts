import { startTelemetry } from '@hotline/observability';
import { loadIntakeConfig } from './config/intake-config';

const config = loadIntakeConfig();
startTelemetry({ serviceName: 'intake', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
