/**
 * Runs `task` every `intervalMs` (0 or less: never), never two runs at once; `stop()` waits for the run in
 * flight. The timer does not keep the process alive. For sweeps that read what is due from the database
 * each time, so a restart loses nothing and no schedule lives in memory.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.task().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
