import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, PeriodicTask } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';

export const PERSONAL_DATA_ERASURE_INTERVAL_MS = Symbol('PERSONAL_DATA_ERASURE_INTERVAL_MS');

/**
 * Runs the retention eraser every PERSONAL_DATA_ERASURE_INTERVAL_MS (0: never). What is due is read
 * from the database each time, so a restart loses nothing.
 */
@Injectable()
export class PersonalDataEraser implements OnApplicationBootstrap, OnApplicationShutdown {
  private periodic: PeriodicTask | undefined;

  constructor(
    private readonly handler: ErasePersonalDataHandler,
    @Inject(PERSONAL_DATA_ERASURE_INTERVAL_MS) private readonly intervalMs: number,
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
      const { erased } = await this.handler.execute();
      if (erased > 0) this.logger.info({ erased }, 'retention: erased the personal data of closed cases');
    } catch (err) {
      // The next run picks the same cases up again: nothing is marked erased unless its event is written.
      this.logger.error({ err }, 'retention: erasing personal data failed; will retry');
    }
  }
}
