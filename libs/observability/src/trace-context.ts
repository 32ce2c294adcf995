import { ROOT_CONTEXT, context, propagation, trace, type Context } from '@opentelemetry/api';

export interface CarriedTraceContext {
  traceparent?: string;
  tracestate?: string;
}

/** The W3C trace context of the active span, to be stored with an outbox row. */
export function captureTraceContext(): CarriedTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const captured: CarriedTraceContext = {};
  if (carrier['traceparent']) captured.traceparent = carrier['traceparent'];
  if (carrier['tracestate']) captured.tracestate = carrier['tracestate'];
  return captured;
}

export function contextFrom(carried: CarriedTraceContext | Record<string, string | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, carried);
}

export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

/** The trace id inside a traceparent header (version-traceid-spanid-flags). */
export function traceIdOf(traceparent: string | undefined): string | null {
  const match = traceparent?.match(/^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/);
  return match?.[1] ?? null;
}

export function tracer() {
  return trace.getTracer('hotline');
}
