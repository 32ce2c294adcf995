import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { CLASSIFICATION_CONSUMER } from '../classify-case/classification-consumer';
import { writeClassifiedCases } from '../classify-case/classified-cases';

/**
 * A dispatcher corrected a case's category (manual dispatch or 改派): recorded as training data, so the
 * next `classifier:train --from-cases` learns the corrected label. The latest correction of a case wins.
 */
@Controller()
export class RecordCorrectionConsumer {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @EventPattern('case.dispatched')
  async onDispatched(@Payload() event: CaseEventOf<'case.dispatched'>): Promise<void> {
    await this.record(event);
  }

  @EventPattern('case.redispatched')
  async onRedispatched(@Payload() event: CaseEventOf<'case.redispatched'>): Promise<void> {
    await this.record(event);
  }

  private async record(event: CaseEventOf<'case.dispatched'> | CaseEventOf<'case.redispatched'>): Promise<void> {
    const corrected = event.payload.correctedCategory;
    if (corrected === undefined) return;
    await processOnce(this.dataSource, CLASSIFICATION_CONSUMER.consumerName, event, async (manager) => {
      // The prediction of a case this batch classified is written first.
      await writeClassifiedCases(manager, event);
      await manager.query(
        `INSERT INTO classification.category_corrections (case_id, corrected_category, predicted_category, event_id, corrected_at)
         SELECT $1, $2, (SELECT category FROM classification.classifications WHERE case_id = $1), $3, $4
         ON CONFLICT (case_id) DO UPDATE SET corrected_category = EXCLUDED.corrected_category, event_id = EXCLUDED.event_id, corrected_at = EXCLUDED.corrected_at`,
        [event.caseId, corrected, event.eventId, new Date(event.occurredAt)],
      );
    });
  }
}
