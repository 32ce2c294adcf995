import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { followStatus } from '@hotline/case-lifecycle';
import { EXECUTION_TRACKED_EVENTS } from '../domain/tracked-events';
import { AssignmentChangedConcurrentlyError, AssignmentRepository } from '../infrastructure/database/assignment.repository';
import { EXECUTION_CONSUMER } from '../infrastructure/messaging/execution-consumer';
import { AppealRepository } from './appeal.repository';

@Injectable()
export class FollowAppealDecisionHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves the assignment from under_appeal back to closed and records the outcome on the appeal. */
  async execute(event: CaseEventOf<'case.appeal_decided'>): Promise<void> {
    await processOnce(this.dataSource, EXECUTION_CONSUMER.consumerName, event, async (manager) => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(event.caseId);
      if (!current) return;
      const move = followStatus({ current: current.status, event: event.type, tracked: EXECUTION_TRACKED_EVENTS });
      if (!move.ok) throw new PermanentMessageError(move.error.code, move.error.message);
      const isMoved = await assignments.compareAndSet(current, { status: move.to, updatedAt: new Date() });
      if (!isMoved) throw new AssignmentChangedConcurrentlyError(event.caseId);
      await new AppealRepository(manager).decide({
        caseId: event.caseId,
        appealId: event.payload.appealId,
        isUpheld: event.payload.isUpheld,
        decidedAt: new Date(event.occurredAt),
      });
    });
  }
}
