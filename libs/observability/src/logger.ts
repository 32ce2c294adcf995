import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';

// No PII in logs: a reporter's name and phone never leave the database and the event payload.
export const REDACTED_PATHS = [
  'reporter',
  '*.reporter',
  '*.*.reporter',
  'phone',
  '*.phone',
  'name',
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
