import { RateLimiterRes } from 'rate-limiter-flexible';

/** The shared count (Redis, through rate-limiter-flexible): takes points, or rejects with a RateLimiterRes. */
export interface SharedCount {
  consume(key: string, points: number): Promise<RateLimiterRes>;
}

/** A request let through, and what its answer's RateLimit-* headers say. */
export interface Allowance {
  remaining: number;
  msBeforeNext: number;
}

/** A request over the limit: the window ends in `msBeforeNext`. */
export class RateLimitRefusal extends Error {
  constructor(readonly msBeforeNext: number) {
    super(`over the rate limit for ${msBeforeNext} ms more`);
    this.name = 'RateLimitRefusal';
  }
}

interface Lease {
  /** Points this replica may still give out without asking the shared count. */
  left: number;
  /** What the shared count had left when the lease was taken. */
  sharedRemaining: number;
  /** The end of the shared count's window: the lease ends with it. */
  endsAt: number;
  /** The shared count reached the limit: refuse, without asking again, until the window ends. */
  isLast: boolean;
}

const SWEEP_INTERVAL_MS = 60_000;

/** At most 1 % of a limit per lease, so that points leased by other replicas cost a client little. */
export function leaseSizeFor(limit: number, leaseMax: number): number {
  return Math.max(1, Math.min(leaseMax, Math.floor(limit / 100)));
}

/**
 * A per-client limit shared by every replica, counted in Redis a lease at a time. A replica takes
 * `leaseSize` points in one command and gives them out from memory until they are spent or the
 * window ends, so a client's requests cost one Redis round trip per lease instead of one each.
 *
 * Never more than the limit: every point given out was counted in Redis first. When a lease finds
 * fewer points than it asked for, the replica gives out only those, then refuses until the window
 * ends. The price: points one replica leased and did not use are lost to the client's requests on
 * the others for the rest of that window (at most `leaseSize` − 1 per replica). A lease of 1 counts
 * every request in Redis.
 */
export class LeasedLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly renewing = new Map<string, Promise<Lease>>();
  private lastSweep: number;

  constructor(
    private readonly shared: SharedCount,
    readonly limit: number,
    readonly leaseSize: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Answered from this replica's lease; undefined when the shared count has to be asked. */
  takeLocal(key: string): Allowance | RateLimitRefusal | undefined {
    const lease = this.leases.get(key);
    if (!lease || this.now() >= lease.endsAt) return undefined;
    return lease.left > 0 || lease.isLast ? this.takeFrom(lease) : undefined;
  }

  /**
   * Lets a request through or refuses it (rejects with a RateLimitRefusal). Concurrent requests for
   * one key share one renewal. Rejects with the shared count's error when it cannot be asked.
   */
  async take(key: string): Promise<Allowance> {
    for (;;) {
      const local = this.takeLocal(key);
      if (local instanceof RateLimitRefusal) throw local;
      if (local) return local;
      let renewal = this.renewing.get(key);
      if (!renewal) {
        renewal = this.renew(key).finally(() => this.renewing.delete(key));
        this.renewing.set(key, renewal);
      }
      // Taken from the lease just renewed even if its window has already ended: each renewal serves
      // at least its own request. Spent by the others waiting for it: renew again.
      const lease = await renewal;
      if (lease.left === 0 && !lease.isLast) continue;
      const outcome = this.takeFrom(lease);
      if (outcome instanceof RateLimitRefusal) throw outcome;
      return outcome;
    }
  }

  private takeFrom(lease: Lease): Allowance | RateLimitRefusal {
    const msBeforeNext = Math.max(0, lease.endsAt - this.now());
    if (lease.left === 0) return new RateLimitRefusal(msBeforeNext);
    lease.left -= 1;
    return { remaining: lease.sharedRemaining + lease.left, msBeforeNext };
  }

  private async renew(key: string): Promise<Lease> {
    const size = this.leaseSize;
    let lease: Lease;
    try {
      const taken = await this.shared.consume(key, size);
      lease = { left: size, sharedRemaining: taken.remainingPoints, endsAt: this.now() + Math.max(0, taken.msBeforeNext), isLast: false };
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      // Over the limit with this lease: the points that were still free before it are this replica's.
      const freeBefore = this.limit - (outcome.consumedPoints - size);
      lease = { left: Math.max(0, Math.min(size, freeBefore)), sharedRemaining: 0, endsAt: this.now() + Math.max(0, outcome.msBeforeNext), isLast: true };
    }
    this.sweep();
    this.leases.set(key, lease);
    return lease;
  }

  /** Forgets the leases of windows that have ended, once a minute. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const [key, lease] of this.leases) if (now >= lease.endsAt) this.leases.delete(key);
  }
}
