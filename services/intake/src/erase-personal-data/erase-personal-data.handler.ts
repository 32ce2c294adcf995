import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { CaseRecord } from '../infrastructure/database/entities/case.entity';
import { INTAKE_CONSUMER } from '../infrastructure/messaging/intake-consumer';

@Injectable()
export class ErasePersonalDataHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Retention (decided by the follow-up desk, which knows when a case closed): erases intake's copy. */
  async execute(event: CaseEventOf<'case.personal_data_erased'>): Promise<void> {
    await processOnce(this.dataSource, INTAKE_CONSUMER.consumerName, event, async (manager) => {
      await manager
        .getRepository(CaseRecord)
        .update({ caseId: event.caseId }, { reporterName: null, reporterPhone: null, personalDataErasedAt: new Date(event.occurredAt) });
    });
  }
}
