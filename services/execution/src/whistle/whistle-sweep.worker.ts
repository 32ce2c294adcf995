import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox, backoffMs } from '@hotline/messaging';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@hotline/nest-platform';
import type { SummonsRow } from './whistle.request';

export const WHISTLE_SETTINGS = Symbol('WHISTLE_SETTINGS');
export interface WhistleSettings {
  sweepIntervalMs: number;
  batchSize: number;
}

/**
 * Records, once, every summoned department that has not checked in by its time (未报到), for
 * assessment. Runs in every replica; rows are claimed with FOR UPDATE SKIP LOCKED and marked in the
 * transaction that writes `case.check_in_missed` to the outbox, so no absence is recorded twice or lost.
 */
@Injectable()
export class WhistleSweepWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private isRunning = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WHISTLE_SETTINGS) private readonly settings: WhistleSettings,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformOptions,
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

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      try {
        const recorded = await this.sweep();
        failures = 0;
        if (recorded < this.settings.batchSize) await this.pause(this.settings.sweepIntervalMs);
      } catch (err) {
        failures += 1;
        const retryInMs = backoffMs(failures, 200, 30_000);
        this.platform.logger.warn({ err, retryInMs }, 'whistle sweep failed; retrying');
        await this.pause(retryInMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** One transaction: claim the overdue summons, mark them missed, write one event each. */
  sweep(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager.query<SummonsRow[]>(
        `SELECT whistle_id, case_id, agency_id, arrive_by, whistle_event_id, correlation_id FROM execution.whistle_summons
          WHERE checked_in_at IS NULL AND missed_at IS NULL AND arrive_by <= now()
          ORDER BY arrive_by LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.settings.batchSize],
      );
      if (due.length === 0) return 0;
      const now = new Date();
      await manager.query(
        `UPDATE execution.whistle_summons s SET missed_at = $1
           FROM unnest($2::uuid[], $3::text[]) AS d(whistle_id, agency_id)
          WHERE s.whistle_id = d.whistle_id AND s.agency_id = d.agency_id`,
        [now, due.map((row) => row.whistle_id), due.map((row) => row.agency_id)],
      );
      const events: CaseEvent[] = due.map((row) =>
        newCaseEvent({
          type: 'case.check_in_missed',
          caseId: row.case_id,
          producer: 'execution',
          occurredAt: now,
          payload: { whistleId: row.whistle_id, agencyId: row.agency_id, arriveBy: row.arrive_by.toISOString() },
          cause: { eventId: row.whistle_event_id, correlationId: row.correlation_id },
        }),
      );
      await appendToOutbox(manager, events);
      return due.length;
    });
  }
}
