import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appendToOutbox } from '@hotline/messaging';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { fireDueTimers } from './due-timers';
import { eventsOfTimer } from './timer-events';

export const TIMER_SETTINGS = Symbol('TIMER_SETTINGS');
export interface TimerSettings {
  pollIntervalMs: number;
  batchSize: number;
  cityRegionCode: string;
}

/**
 * Fires due timers for as long as the application lives; every replica runs one. A batch is one
 * transaction: claim clocks with a timer due (SKIP LOCKED), record the timers fired and take them off
 * the clocks' plans, write the events to the outbox. A crash before the commit leaves them unfired for
 * the next claim; after it, they are fired and published by the relay. So a SIGKILL neither loses nor
 * repeats a warning or a breach.
 */
@Injectable()
export class TimerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private isRunning = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TIMER_SETTINGS) private readonly settings: TimerSettings,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.isRunning = false;
    this.wake?.();
    await this.loop;
  }

  /** Fires the due timers of one batch of clocks; returns how many clocks it claimed. */
  fireDue(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const { claimed, fired } = await fireDueTimers(manager, now, this.settings.batchSize);
      const events = fired.flatMap((timer) => eventsOfTimer(timer, { cityRegionCode: this.settings.cityRegionCode, now }));
      if (events.length > 0) await appendToOutbox(manager, events);
      return claimed;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      try {
        const claimed = await this.fireDue();
        failures = 0;
        if (claimed < this.settings.batchSize) await this.pause(this.settings.pollIntervalMs);
      } catch (err) {
        failures += 1;
        const retryInMs = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
        this.logger.warn({ err, retryInMs }, 'timer worker failed; retrying');
        await this.pause(retryInMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
