import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Context } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { samplerFor } from './telemetry';

const TRACE_ID = 'd4cda95b652f4a1592b449d5929fda1b';

const childOf = (flags: TraceFlags): Context =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: '6e0c63257de34c92', traceFlags: flags, isRemote: true });

const decide = (sampler: ReturnType<typeof samplerFor>, parent: Context) =>
  sampler.shouldSample(parent, TRACE_ID, 'case.received process', SpanKind.CONSUMER, {}, []).decision;

describe('samplerFor', () => {
  it('follows the parent: a case sampled at intake is sampled by every consumer, whatever their ratio', () => {
    const sampler = samplerFor({ sampler: 'parentbased_traceidratio', samplerArg: 0 }, true);
    expect(decide(sampler, childOf(TraceFlags.SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, childOf(TraceFlags.NONE))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('samples new traces at the ratio when exporting, and none without an exporter', () => {
    expect(decide(samplerFor({ samplerArg: 1 }, true), ROOT_CONTEXT)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(samplerFor({ samplerArg: 0 }, true), ROOT_CONTEXT)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(samplerFor({}, false), ROOT_CONTEXT)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(samplerFor({}, false), childOf(TraceFlags.SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('honours the plain, non-parent-based names', () => {
    expect(decide(samplerFor({ sampler: 'always_off' }, true), childOf(TraceFlags.SAMPLED))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(samplerFor({ sampler: 'always_on' }, false), childOf(TraceFlags.NONE))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
