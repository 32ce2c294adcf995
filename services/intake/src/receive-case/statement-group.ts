export interface StatementGroupOptions {
  /** Most items one statement carries. */
  maxSize: number;
  /** Statements running at once; an item that finds them all busy waits for the next one. */
  maxInFlight: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R | Promise<R>) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit without a timer: an item starts its own statement at once while fewer than
 * `maxInFlight` run, so a quiet service adds no latency; items that arrive while every statement is
 * busy wait and go together in the next one. Under load the groups grow on their own, and one commit
 * (one WAL flush, one relay wake-up) serves many requests.
 *
 * `run` answers one result per item, in order; a result may still be on its way (a promise), and its
 * failure is then that item's alone. When the group's statement fails, `runAlone` handles each of its
 * items by itself, so one bad item fails only its own request.
 */
export class StatementGroup<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly options: StatementGroupOptions,
    private readonly run: (items: readonly T[]) => Promise<(R | Promise<R>)[]>,
    private readonly runAlone: (item: T) => Promise<R>,
  ) {}

  /** Items waiting for a statement (for tests and metrics). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startNext();
    });
  }

  private startNext(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxSize);
      this.inFlight += 1;
      void this.runGroup(group).finally(() => {
        this.inFlight -= 1;
        this.startNext();
      });
    }
  }

  private async runGroup(group: Waiting<T, R>[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.runAlone(only.item).then(only.resolve, only.reject);
      return;
    }
    let results: (R | Promise<R>)[];
    try {
      results = await this.run(group.map((waiting) => waiting.item));
    } catch {
      // One of them (a tracking-number clash, a value the table refuses) sank the group: each alone.
      await Promise.all(group.map((waiting) => this.runAlone(waiting.item).then(waiting.resolve, waiting.reject)));
      return;
    }
    group.forEach((waiting, index) => waiting.resolve(results[index]));
  }
}
