import { startTelemetry } from '@hotline/observability';
import { loadDispatchConfig } from './config/dispatch-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadDispatchConfig();
startTelemetry({ serviceName: 'dispatch', serviceNamespace: config.OTEL_SERVICE_NAMESPACE, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
