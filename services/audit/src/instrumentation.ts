import { startTelemetry } from '@hotline/observability';
import { loadAuditConfig } from './config/audit-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadAuditConfig();
startTelemetry({ serviceName: 'audit', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
