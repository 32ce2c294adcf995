import Redis from 'ioredis';
import type { Logger } from '@hotline/observability';

export type FailMode = 'open' | 'closed';

export interface LimitsStoreOptions {
  redisUrl: string;
  service: string;
  failMode: FailMode;
  logger: Logger;
  commandTimeoutMs: number;
}

const UNAVAILABLE_LOG_INTERVAL_MS = 10_000;

/**
 * The Redis that rate limits and idempotency replays live in. Its own connection fails fast (no
 * offline queue, a short command time-out), so a Redis outage costs a request milliseconds, not
 * seconds; the fail mode then decides whether requests go through without limits or are refused.
 * Outages and recoveries are logged (at most every 10 s while it lasts) and shown by /health/ready.
 */
export class LimitsStore {
  readonly redis: Redis;
  private unavailableSince: number | undefined;
  private lastError = '';
  private lastLoggedAt = 0;

  constructor(private readonly options: LimitsStoreOptions) {
    this.redis = new Redis(options.redisUrl, {
      connectionName: `hotline-${options.service}-limits`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: 2_000,
      lazyConnect: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Errors surface through the commands that fail; without a listener ioredis would print each one.
    this.redis.on('error', (err: Error) => this.recordFailure(err));
    this.redis.on('ready', () => this.recordSuccess());
  }

  /** Resolves once the connection is ready, or after `timeoutMs` (then the fail mode applies); never rejects. */
  async whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (isReady: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(isReady);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.redis.on('ready', onReady);
    });
  }

  get failMode(): FailMode {
    return this.options.failMode;
  }

  get isAvailable(): boolean {
    return this.unavailableSince === undefined;
  }

  /** What readiness shows about limits: Redis up, or down and failing open or closed since when. */
  status(): { isAvailable: boolean; failMode: FailMode; since?: string; message?: string } {
    if (this.unavailableSince === undefined) return { isAvailable: true, failMode: this.options.failMode };
    return { isAvailable: false, failMode: this.options.failMode, since: new Date(this.unavailableSince).toISOString(), message: this.lastError };
  }

  recordSuccess(): void {
    if (this.unavailableSince === undefined) return;
    this.options.logger.warn(
      { downForMs: Date.now() - this.unavailableSince },
      'Redis answers again: rate limits and idempotency replays are enforced again',
    );
    this.unavailableSince = undefined;
  }

  recordFailure(err: Error): void {
    const now = Date.now();
    this.lastError = err.message;
    this.unavailableSince ??= now;
    if (now - this.lastLoggedAt < UNAVAILABLE_LOG_INTERVAL_MS) return;
    this.lastLoggedAt = now;
    const consequence =
      this.options.failMode === 'open'
        ? 'failing open: requests go through without rate limits or idempotency replays'
        : 'failing closed: rate-limited requests are refused with 503';
    this.options.logger.error({ err: { message: err.message }, failMode: this.options.failMode }, `Redis unavailable for limits; ${consequence}`);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
