import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, PeriodicTask } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { CloseUnreachableHandler } from './close-unreachable.handler';

export const FOLLOW_UP_SWEEP_INTERVAL_MS = Symbol('FOLLOW_UP_SWEEP_INTERVAL_MS');

/**
 * Runs the unreachable sweep every FOLLOW_UP_SWEEP_INTERVAL_MS (0: never). What is due is read from
 * Postgres each time (first_attempt_at), so a restart loses nothing and no timer lives in memory.
 */
@Injectable()
export class UnreachableSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private periodic: PeriodicTask | undefined;

  constructor(
    private readonly handler: CloseUnreachableHandler,
    @Inject(FOLLOW_UP_SWEEP_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic = new PeriodicTask(this.intervalMs, () => this.runOnce());
    this.periodic.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }

  private async runOnce(): Promise<void> {
    try {
      const { closed } = await this.handler.execute();
      if (closed > 0) this.logger.info({ closed }, 'follow-up: closed cases as unreachable after the retry window');
    } catch (err) {
      // Nothing is closed unless its event is written: the next run picks the same cases up.
      this.logger.error({ err }, 'follow-up: the unreachable sweep failed; will retry');
    }
  }
}
