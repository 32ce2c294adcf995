import type { Principal } from './principal';

export interface VerifiedTokensSettings {
  /** How long a verified token is answered from memory; 0 verifies every request. Never past the token's `exp`. */
  ttlMs: number;
  /** The most tokens kept; the oldest entry makes room for a new one. */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Bearer tokens whose signature and claims were verified, by their exact text, until the earlier of the
 * token's expiry and `ttlMs`. A console sends the same token with every request of a session; verifying
 * its ES256 signature each time cost ~0.2 ms of CPU per request. Nothing is cached for a token that failed.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private readonly maxEntries: number;

  constructor(private readonly settings: VerifiedTokensSettings) {
    this.maxEntries = settings.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  get isEnabled(): boolean {
    return this.settings.ttlMs > 0 && this.maxEntries > 0;
  }

  find(token: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > now) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  /** `expiresAtSeconds`: the token's `exp` claim, if it has one. */
  remember(token: string, principal: Principal, expiresAtSeconds: number | undefined, now = Date.now()): void {
    if (!this.isEnabled) return;
    const until = Math.min(now + this.settings.ttlMs, expiresAtSeconds === undefined ? Infinity : expiresAtSeconds * 1000);
    if (until <= now) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(token, { principal, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
