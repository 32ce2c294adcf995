import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  serviceNamespace: string;
  /** OTLP/HTTP base URL (e.g. http://collector:4318). Without it nothing is exported. */
  otlpEndpoint?: string;
  /** Extra span processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
  /** OTEL_TRACES_SAMPLER; see `samplerFor`. */
  sampler?: SamplerName;
  /** OTEL_TRACES_SAMPLER_ARG: the ratio of the ratio samplers. */
  samplerArg?: number;
  /** OTEL_SDK_DISABLED=true: no SDK at all (see `startTelemetry`). */
  disabled?: boolean;
}

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const DEFAULT_SAMPLED_RATIO = 0.1;

/** The telemetry part of a service's parsed configuration. */
export function telemetrySettings(config: {
  OTEL_SERVICE_NAMESPACE: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_TRACES_SAMPLER?: SamplerName | undefined;
  OTEL_TRACES_SAMPLER_ARG?: number | undefined;
  OTEL_SDK_DISABLED?: boolean | undefined;
}): Omit<TelemetryOptions, 'serviceName'> {
  return {
    serviceNamespace: config.OTEL_SERVICE_NAMESPACE,
    ...(config.OTEL_SDK_DISABLED ? { disabled: true } : {}),
    ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    ...(config.OTEL_TRACES_SAMPLER ? { sampler: config.OTEL_TRACES_SAMPLER } : {}),
    ...(config.OTEL_TRACES_SAMPLER_ARG !== undefined ? { samplerArg: config.OTEL_TRACES_SAMPLER_ARG } : {}),
  };
}

/**
 * The sampler of the standard OTEL_TRACES_SAMPLER names. Unset, it is parent-based: a span follows
 * its parent's decision (carried in `traceparent`), so a case is traced in every service or in none;
 * new traces are sampled at the ratio when something exports them and not at all otherwise. An
 * unsampled span costs little but still has a trace id for logs, Kafka headers and the audit timeline.
 */
export function samplerFor(options: Pick<TelemetryOptions, 'sampler' | 'samplerArg'>, isExporting: boolean): Sampler {
  const ratio = options.samplerArg ?? DEFAULT_SAMPLED_RATIO;
  const name = options.sampler ?? (isExporting ? 'parentbased_traceidratio' : 'parentbased_always_off');
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

interface RunningTelemetry {
  tracerProvider: NodeTracerProvider;
  meterProvider: MeterProvider | undefined;
  disableInstrumentations: () => void;
}

let running: RunningTelemetry | undefined;

/**
 * Starts OpenTelemetry. Must run before Nest, Express, pg and ioredis are loaded so that their
 * instrumentations can patch them: each service's main.ts imports ./instrumentation first.
 * Kafka spans are made by @hotline/messaging itself (the kafkajs instrumentation would overwrite the
 * trace context that the outbox captured, see STACK-NOTES).
 *
 * The providers are assembled here rather than by `@opentelemetry/sdk-node`: its NodeSDK loads every
 * exporter it could be configured with (gRPC, protobuf, Zipkin, Prometheus, logs) whether used or not,
 * about 10 MB of RSS in every service. What it did for us is done below: the resource from
 * OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES, host and process; the AsyncLocalStorage context manager
 * and the W3C trace-context and baggage propagators (`register()`); the instrumentations.
 *
 * There is no Express instrumentation: it wraps every middleware layer of every request in a span of
 * its own, sampled or not, which cost intake about a tenth of its CPU per case. The HTTP server span
 * still gets its route (name and `http.route`, for spans and metrics) from `nameHttpRoute`.
 *
 * With `disabled` (OTEL_SDK_DISABLED=true) nothing starts: the API stays a no-op, so there are no
 * spans, no metrics and no trace ids in logs, Kafka headers or the audit timeline.
 */
export function startTelemetry(options: TelemetryOptions): void {
  if (running || options.disabled) return;
  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    spanProcessors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` })),
    );
  }
  // Without an exporter the provider must still be registered: trace ids then still reach logs,
  // Kafka headers and the audit timeline.
  const isExporting = spanProcessors.length > 0;
  if (!isExporting) spanProcessors.push(new NoopSpanProcessor());
  const resource = detectResources({ detectors: [hostDetector, processDetector] })
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: '0.1.0',
        'service.namespace': options.serviceNamespace,
      }),
    )
    // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME win, as the specification says.
    .merge(detectResources({ detectors: [envDetector] }));
  const tracerProvider = new NodeTracerProvider({ sampler: samplerFor(options, isExporting), resource, spanProcessors });
  tracerProvider.register();
  const meterProvider = options.otlpEndpoint
    ? new MeterProvider({
        resource,
        readers: [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: `${options.otlpEndpoint}/v1/metrics` }),
            exportIntervalMillis: 15_000,
          }),
        ],
      })
    : undefined;
  if (meterProvider) metrics.setGlobalMeterProvider(meterProvider);
  const disableInstrumentations = registerInstrumentations({
    tracerProvider,
    ...(meterProvider ? { meterProvider } : {}),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => request.url?.startsWith('/health') ?? false,
      }),
      new NestInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  running = { tracerProvider, meterProvider, disableInstrumentations };
}

/** Flushes and stops the exporters; a later `startTelemetry` registers afresh. */
export async function stopTelemetry(): Promise<void> {
  const stopping = running;
  running = undefined;
  if (!stopping) return;
  stopping.disableInstrumentations();
  await Promise.all([stopping.tracerProvider.shutdown(), stopping.meterProvider?.shutdown()]);
  trace.disable();
  context.disable();
  propagation.disable();
  if (stopping.meterProvider) metrics.disable();
}

export function meter() {
  return metrics.getMeter('hotline');
}
