import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENDED_STATUSES } from '@hotline/case-lifecycle';
import { PERSONAL_DATA_FIELDS, newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';

export const PERSONAL_DATA_RETENTION = Symbol('PERSONAL_DATA_RETENTION');
export interface PersonalDataRetention {
  retentionDays: number;
  batchSize: number;
}

const DAY_MS = 24 * 3600 * 1000;

@Injectable()
export class ErasePersonalDataHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PERSONAL_DATA_RETENTION) private readonly retention: PersonalDataRetention,
  ) {}

  /**
   * Retention: erases the reporter's contact of cases whose order ended (closed, or answered,
   * transferred, merged or declined at intake) longer than the retention period ago, one batch per
   * transaction, each with its case.personal_data_erased event (intake erases its copy and audit
   * records it). Replicas may run it at once: rows are claimed with SKIP LOCKED.
   */
  async execute(now: Date = new Date()): Promise<{ erased: number }> {
    const closedBefore = new Date(now.getTime() - this.retention.retentionDays * DAY_MS);
    let erased = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await manager
          .getRepository(FollowUpRecord)
          .createQueryBuilder('followUp')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('followUp.status IN (:...ended) AND followUp.closed_at <= :closedBefore', { ended: ENDED_STATUSES, closedBefore })
          .andWhere('followUp.personal_data_erased_at IS NULL')
          // A row without case.received (no tracking number) holds no contact, but intake and audit may.
          .andWhere('(followUp.reporter_name IS NOT NULL OR followUp.reporter_phone IS NOT NULL OR followUp.tracking_number IS NULL)')
          .orderBy('followUp.closed_at', 'ASC')
          .limit(this.retention.batchSize)
          .getMany();
        for (const followUp of due) {
          await manager
            .getRepository(FollowUpRecord)
            .update({ caseId: followUp.caseId }, { reporterName: null, reporterPhone: null, personalDataErasedAt: now });
        }
        await appendToOutbox(
          manager,
          due.map((followUp) => {
            const fields = erasedFields(followUp);
            return newCaseEvent({
              type: 'case.personal_data_erased',
              caseId: followUp.caseId,
              producer: 'feedback',
              occurredAt: now,
              cause: { correlationId: followUp.correlationId, eventId: followUp.lastEventId },
              payload: { fields, closedAt: (followUp.closedAt ?? now).toISOString(), retentionDays: this.retention.retentionDays },
            });
          }),
        );
        return due.length;
      });
      erased += batch;
      if (batch < this.retention.batchSize) return { erased };
    }
  }
}

function erasedFields(followUp: FollowUpRecord): Array<(typeof PERSONAL_DATA_FIELDS)[number]> {
  const isContactUnknown = followUp.trackingNumber === null;
  if (isContactUnknown) return [...PERSONAL_DATA_FIELDS];
  const fields: Array<(typeof PERSONAL_DATA_FIELDS)[number]> = [];
  if (followUp.reporterName !== null) fields.push('reporter.name');
  if (followUp.reporterPhone !== null) fields.push('reporter.phone');
  return fields;
}
