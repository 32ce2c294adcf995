import { build, type Histogram } from 'hdr-histogram-js';
import { z } from 'zod';

export const percentilesSchema = z.object({ count: z.number(), p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });
/** Latency percentiles in milliseconds. */
export type Percentiles = z.infer<typeof percentilesSchema>;

/** Records latencies in milliseconds with microsecond resolution (3 significant digits). */
export class LatencyRecorder {
  private readonly histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });

  record(milliseconds: number): void {
    this.histogram.recordValue(Math.max(0, Math.round(milliseconds * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentiles(): Percentiles {
    const at = (percentile: number) => this.histogram.getValueAtPercentile(percentile) / 1000;
    return { count: this.histogram.totalCount, p50: at(50), p95: at(95), p99: at(99), max: this.histogram.maxValue / 1000 };
  }
}

/** "12.3 ms" below 100 ms, "1,234 ms" above, "12.3 s" above 10 s. */
export function formatMs(milliseconds: number): string {
  if (milliseconds >= 10_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  if (milliseconds >= 100) return `${formatNumber(milliseconds)} ms`;
  return `${milliseconds.toFixed(1)} ms`;
}

export function formatPercentiles(value: Percentiles, which: readonly ('p50' | 'p95' | 'p99' | 'max')[] = ['p50', 'p95', 'p99']): string {
  if (value.count === 0) return 'no samples';
  return which.map((key) => `${key} ${formatMs(value[key])}`).join(' · ');
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}
