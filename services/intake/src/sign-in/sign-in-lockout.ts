import { createHash } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { LimitsStore } from '@hotline/nest-platform';

export const SIGN_IN_LOCKOUT = Symbol('SIGN_IN_LOCKOUT');

export interface SignInLockoutSettings {
  /** Failed sign-ins for one username from one address before it is locked out. */
  maxFailuresPerAddress: number;
  /** Failed sign-ins for one username from all addresses together, against password spraying. */
  maxFailuresPerUser: number;
  /** How long failures count, and how long a lockout lasts from the first counted failure. */
  windowSeconds: number;
}

export type LockoutCheck = { isLocked: false } | { isLocked: true; retryAfterSeconds: number } | { isLocked: 'unknown' };

/**
 * Brute-force protection for the built-in sign-in: failures are counted in Redis (shared by every
 * replica) per username and address, and per username alone; past either limit the username is refused
 * until the window ends, whether or not the next password is right. A success clears the address count.
 * Unknown usernames count like known ones, so a lockout says nothing about which accounts exist.
 * Usernames are hashed in the keys. With Redis down, the caller applies the limits' fail mode.
 */
export class SignInLockout {
  private readonly perAddress: RateLimiterRedis;
  private readonly perUser: RateLimiterRedis;

  constructor(
    private readonly store: LimitsStore,
    keyPrefix: string,
    private readonly settings: SignInLockoutSettings,
  ) {
    const common = { storeClient: store.redis, duration: settings.windowSeconds };
    this.perAddress = new RateLimiterRedis({ ...common, keyPrefix: `${keyPrefix}:sign-in-failures:address`, points: settings.maxFailuresPerAddress });
    this.perUser = new RateLimiterRedis({ ...common, keyPrefix: `${keyPrefix}:sign-in-failures:user`, points: settings.maxFailuresPerUser });
  }

  /** With Redis down: `open` signs in without counting failures, `closed` refuses sign-ins. */
  get failMode(): 'open' | 'closed' {
    return this.store.failMode;
  }

  async check(username: string, address: string): Promise<LockoutCheck> {
    const user = userKey(username);
    try {
      const [byAddress, byUser] = await Promise.all([this.perAddress.get(`${user}|${address}`), this.perUser.get(user)]);
      this.store.recordSuccess();
      const waits = [
        byAddress && byAddress.consumedPoints >= this.settings.maxFailuresPerAddress ? byAddress.msBeforeNext : 0,
        byUser && byUser.consumedPoints >= this.settings.maxFailuresPerUser ? byUser.msBeforeNext : 0,
      ];
      const waitMs = Math.max(...waits);
      return waitMs > 0 ? { isLocked: true, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { isLocked: false };
    } catch (err) {
      this.store.recordFailure(err as Error);
      return { isLocked: 'unknown' };
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const user = userKey(username);
    await Promise.all([this.count(this.perAddress, `${user}|${address}`), this.count(this.perUser, user)]);
  }

  async recordSuccess(username: string, address: string): Promise<void> {
    await this.perAddress.delete(`${userKey(username)}|${address}`).catch((err: unknown) => this.store.recordFailure(err as Error));
  }

  private async count(limiter: RateLimiterRedis, key: string): Promise<void> {
    try {
      await limiter.consume(key);
      this.store.recordSuccess();
    } catch (outcome) {
      // Over the limit already: the count stays where it is until the window ends.
      if (outcome instanceof RateLimiterRes) return;
      this.store.recordFailure(outcome as Error);
    }
  }
}

function userKey(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32);
}
