import { nextAttempt } from './webhook-retry';

describe('webhook retries', () => {
  const policy = { baseDelayMs: 10_000, maxDelayMs: 3_600_000, retryForMs: 24 * 3600 * 1000 };
  const firstAttemptAt = new Date('2026-12-01T00:00:00Z');
  const noJitter = () => 0.5;
  const after = (ms: number) => new Date(firstAttemptAt.getTime() + ms);

  it('doubles the wait from 10 s after each failure', () => {
    expect(nextAttempt(policy, { attempts: 1, firstAttemptAt, now: firstAttemptAt, random: noJitter })).toEqual({ kind: 'retry', at: after(10_000) });
    expect(nextAttempt(policy, { attempts: 4, firstAttemptAt, now: firstAttemptAt, random: noJitter })).toEqual({ kind: 'retry', at: after(80_000) });
  });

  it('caps the wait at an hour and spreads it by at most 20 %', () => {
    const low = nextAttempt(policy, { attempts: 20, firstAttemptAt, now: firstAttemptAt, random: () => 0 });
    const high = nextAttempt(policy, { attempts: 20, firstAttemptAt, now: firstAttemptAt, random: () => 0.999_999 });
    expect(low).toEqual({ kind: 'retry', at: after(2_880_000) });
    expect(high.kind === 'retry' && high.at.getTime() - firstAttemptAt.getTime()).toBeLessThanOrEqual(4_320_000);
  });

  it('tries a last time at the deadline, a day after the first attempt, then dead-letters', () => {
    const lateFailure = after(24 * 3600 * 1000 - 60_000);
    expect(nextAttempt(policy, { attempts: 30, firstAttemptAt, now: lateFailure, random: noJitter })).toEqual({ kind: 'retry', at: after(24 * 3600 * 1000) });
    expect(nextAttempt(policy, { attempts: 31, firstAttemptAt, now: after(24 * 3600 * 1000), random: noJitter })).toEqual({ kind: 'dead_letter' });
  });
});
