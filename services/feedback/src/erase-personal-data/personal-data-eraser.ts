import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';

export const PERSONAL_DATA_ERASURE_INTERVAL_MS = Symbol('PERSONAL_DATA_ERASURE_INTERVAL_MS');

/**
 * Runs the retention eraser every PERSONAL_DATA_ERASURE_INTERVAL_MS (0: never). What is due is read
 * from the database each time, so a restart loses nothing.
 */
@Injectable()
export class PersonalDataEraser implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly handler: ErasePersonalDataHandler,
    @Inject(PERSONAL_DATA_ERASURE_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.runOnce().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const { erased } = await this.handler.execute();
      if (erased > 0) this.logger.info({ erased }, 'retention: erased the personal data of closed cases');
    } catch (err) {
      // The next run picks the same cases up again: nothing is marked erased unless its event is written.
      this.logger.error({ err }, 'retention: erasing personal data failed; will retry');
    }
  }
}
