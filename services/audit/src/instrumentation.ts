import { startTelemetry } from '@hotline/observability';
import { loadAuditConfig } from './config/audit-config';

const config = loadAuditConfig();
startTelemetry({ serviceName: 'audit', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
