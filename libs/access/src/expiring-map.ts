export interface ExpiringMapSettings {
  /** How long an entry is kept at most; 0 keeps nothing. */
  ttlMs: number;
  /** The most entries kept; the oldest makes room for a new one. */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * A bounded in-process map whose entries expire: after `ttlMs`, or earlier at an expiry given with the
 * entry. Holds what a service looked up or verified so the next request need not: API keys (so a
 * revocation takes up to `ttlMs`) and verified bearer tokens (by their exact text, never past `exp`).
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private readonly maxEntries: number;

  constructor(private readonly settings: ExpiringMapSettings) {
    this.maxEntries = settings.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  find(key: string, now = Date.now()): { value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return { value: entry.value };
    this.entries.delete(key);
    return undefined;
  }

  /** `expiresAtMs`: when the value stops being true by itself (a token's `exp`), if it does. */
  set(key: string, value: V, expiresAtMs?: number, now = Date.now()): void {
    if (this.settings.ttlMs <= 0 || this.maxEntries <= 0) return;
    const until = Math.min(now + this.settings.ttlMs, expiresAtMs ?? Infinity);
    if (until <= now) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
