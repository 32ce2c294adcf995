/**
 * Where a cached value comes from: a small query that reads its version (anything that changes whenever
 * the value would: a counter a trigger moves, a load time, a count and a maximum), and the read of the
 * value itself. `C` is what the reads run on: a transaction's manager, or nothing when the source holds
 * its own connection.
 */
export interface CheckedSource<T, C> {
  version(context: C): Promise<string>;
  load(context: C, version: string): Promise<T>;
}

export interface CheckedCacheOptions {
  /** How long a value is trusted without asking its version. */
  readonly ttlMs: number;
  /**
   * Callers that find the value due while a check is running wait for that check instead of running
   * their own: for a value that is costly to read (a trained model, an automaton) and a source that
   * holds its own connection. Not for reads through a caller's transaction, which must not hand one
   * caller's transaction to another.
   */
  readonly shareChecks?: boolean;
  readonly now?: () => number;
}

/**
 * Reference data held in memory: trusted for `ttlMs`, then its version is read with one small query and
 * the value is read again only when the version moved. A change made through this process calls
 * `invalidate`, so the next read checks at once; a check that overlapped such a change is not trusted
 * for `ttlMs` either, since it may have read from before the change committed.
 */
export class CheckedCache<T, C = void> {
  private cached: { readonly value: T; readonly version: string } | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Moved by every `invalidate`. */
  private generation = 0;
  private checking: Promise<T> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly source: CheckedSource<T, C>,
    private readonly options: CheckedCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async current(context: C): Promise<T> {
    const now = this.now();
    if (this.cached && now - this.checkedAt < this.options.ttlMs) return this.cached.value;
    if (!this.options.shareChecks) return this.check(context, now);
    this.checking ??= this.check(context, now).finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** After a local change has committed: the next read compares the version again. */
  invalidate(): void {
    this.generation += 1;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  private async check(context: C, now: number): Promise<T> {
    const generation = this.generation;
    const version = await this.source.version(context);
    let cached = this.cached;
    if (cached?.version !== version) {
      cached = { value: await this.source.load(context, version), version };
      this.cached = cached;
    }
    if (generation === this.generation) this.checkedAt = now;
    return cached.value;
  }
}
