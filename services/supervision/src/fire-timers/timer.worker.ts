import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appendToOutbox } from '@hotline/messaging';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { claimDueTimers, markFired } from './due-timers';
import { eventsOfTimer } from './timer-events';

export const TIMER_SETTINGS = Symbol('TIMER_SETTINGS');
export interface TimerSettings {
  pollIntervalMs: number;
  batchSize: number;
  cityRegionCode: string;
}

/**
 * Fires due timers for as long as the application lives; every replica runs one. A batch is one
 * transaction: claim (SKIP LOCKED), write the events to the outbox, mark the timers fired. A crash
 * before the commit leaves them unfired for the next claim; after it, they are fired and published
 * by the relay. So a SIGKILL neither loses nor repeats a warning or a breach.
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

  /** Fires one batch of due timers; returns how many fired. */
  fireDue(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await claimDueTimers(manager, now, this.settings.batchSize);
      if (due.length === 0) return 0;
      const events = due.flatMap((timer) => eventsOfTimer(timer, { cityRegionCode: this.settings.cityRegionCode, now }));
      await appendToOutbox(manager, events);
      const fired = await markFired(manager, due.map((timer) => timer.timerId), now);
      // Unreachable while the claim holds the rows; if it ever were not, roll back rather than fire twice.
      if (fired !== due.length) throw new Error(`claimed ${due.length} timers but marked ${fired} fired`);
      return fired;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      try {
        const fired = await this.fireDue();
        failures = 0;
        if (fired < this.settings.batchSize) await this.pause(this.settings.pollIntervalMs);
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
