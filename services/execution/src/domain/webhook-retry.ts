/** How a failed delivery is retried: exponential backoff with jitter, for a bounded time. */
export interface WebhookRetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Measured from the first attempt; after it, the delivery goes to the dead-letter store. */
  retryForMs: number;
}

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'dead_letter' };

/**
 * After failed attempt `attempts` (1-based): wait base × 2^(attempts−1), capped, with up to ±20 %
 * jitter so a unit's endpoint coming back is not hit by every queued delivery at once. The last try
 * lands on the deadline itself; a failure at or after it dead-letters.
 */
export function nextAttempt(policy: WebhookRetryPolicy, input: { attempts: number; firstAttemptAt: Date; now: Date; random?: () => number }): RetryDecision {
  const deadline = input.firstAttemptAt.getTime() + policy.retryForMs;
  if (input.now.getTime() >= deadline) return { kind: 'dead_letter' };
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(input.attempts - 1, 30));
  const jitter = 1 + ((input.random ?? Math.random)() * 0.4 - 0.2);
  const at = Math.min(deadline, input.now.getTime() + Math.round(exponential * jitter));
  return { kind: 'retry', at: new Date(at) };
}
