import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { CaseEvent, CaseEventOf } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { CLASSIFICATION_CONSUMER } from '../classify-case/classification-consumer';
import { withClassifiedCases } from '../classify-case/classified-cases';

/**
 * 并案 takes repeats only into open cases: a closed case stops taking them, a reopened one takes them again,
 * and a case merged into another (a dispatcher confirmed a flag) never does again: its repeats join its parent.
 */
@Controller()
export class TrackOpenCasesConsumer {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @EventPattern('case.closed')
  async onClosed(@Payload() event: CaseEventOf<'case.closed'>): Promise<void> {
    await this.setClosedAt(event, new Date(event.occurredAt));
  }

  // Classification's own automatic merges end a case before it is open: for those nothing changes.
  @EventPattern('case.merged')
  async onMerged(@Payload() event: CaseEventOf<'case.merged'>): Promise<void> {
    await this.setClosedAt(event, new Date(event.occurredAt));
  }

  @EventPattern('case.reopened')
  async onReopened(@Payload() event: CaseEventOf<'case.reopened'>): Promise<void> {
    await this.setClosedAt(event, null);
  }

  private async setClosedAt(event: CaseEvent, closedAt: Date | null): Promise<void> {
    // Written with the batch's open cases, after those it added (and before 并案 reads them).
    await processOnce(this.dataSource, CLASSIFICATION_CONSUMER.consumerName, event, (manager) =>
      withClassifiedCases(manager, event, (cases) => Promise.resolve(cases.setClosedAt(event.caseId, closedAt))),
    );
  }
}
