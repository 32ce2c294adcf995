import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { followStatus } from '@hotline/case-lifecycle';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { EXECUTION_TRACKED_EVENTS } from '../domain/tracked-events';
import { AssignmentChangedConcurrentlyError, AssignmentRepository, type AssignmentChange } from '../infrastructure/database/assignment.repository';
import { EXECUTION_CONSUMER } from '../infrastructure/messaging/execution-consumer';

/** What the centre decides about an order after the unit has it. */
export type CaseStatusEvent =
  | CaseEventOf<'case.closed'>
  | CaseEventOf<'case.reopened'>
  | CaseEventOf<'case.deadline_passed'>
  | CaseEventOf<'case.feedback_returned'>;

@Injectable()
export class FollowCaseStatusHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves the assignment with the case, so a closed order can no longer be signed or answered. */
  async execute(event: CaseStatusEvent): Promise<void> {
    await processOnce(this.dataSource, EXECUTION_CONSUMER.consumerName, event, async (manager) => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(event.caseId);
      // Closed or reopened before any unit held it: there is no queue entry to move.
      if (!current) return;
      const move = followStatus({ current: current.status, event: event.type, tracked: EXECUTION_TRACKED_EVENTS });
      if (!move.ok) throw new PermanentMessageError(move.error.code, move.error.message);
      const isMoved = await assignments.compareAndSet(current, { status: move.to, ...extraChange(event), updatedAt: new Date() });
      if (!isMoved) throw new AssignmentChangedConcurrentlyError(event.caseId);
      await enqueueWebhookDeliveries(manager, { event, state: { ...current, status: move.to } });
    });
  }
}

// 答非所问: a returned reply no longer counts, the unit answers again.
function extraChange(event: CaseStatusEvent): AssignmentChange {
  switch (event.type) {
    case 'case.feedback_returned':
      return { feedbackOutcome: null, feedbackReply: null, feedbackAt: null };
    case 'case.closed':
    case 'case.reopened':
    case 'case.deadline_passed':
      return {};
  }
}
