import { startTelemetry, telemetrySettings } from '@hotline/observability';
import { loadAuditConfig } from './config/audit-config';

// The environment is parsed once, here, before Nest loads; main.ts reuses this config.
export const config = loadAuditConfig();
startTelemetry({ serviceName: 'audit', ...telemetrySettings(config) });
