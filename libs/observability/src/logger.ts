import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { PERSONAL_DATA_LOG_PATHS } from '@hotline/personal-data';

// No PII in logs: a reporter's name and phone are redacted wherever they could appear; so is a webhook's
// signing secret, clear or sealed (nothing should log either in the first place).
export const REDACTED_PATHS = [
  ...PERSONAL_DATA_LOG_PATHS,
  'secret',
  '*.secret',
  '*.*.secret',
  'sealedSecret',
  '*.sealedSecret',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
  };
}

export function createLogger(service: string, level: string): Logger {
  return pino(loggerOptions(service, level));
}

export type { Logger };
