import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { followStatus, hasEnded } from '@hotline/case-lifecycle';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { EXECUTION_TRACKED_EVENTS } from '../domain/tracked-events';
import { AssignmentChangedConcurrentlyError, AssignmentRepository, type AssignmentChange } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import { ExtensionRequestRepository } from '../infrastructure/database/extension-request.repository';
import { EXECUTION_CONSUMER } from '../infrastructure/messaging/execution-consumer';

/** What the centre decides about an order after the unit has it. */
export type CaseStatusEvent =
  | CaseEventOf<'case.closed'>
  | CaseEventOf<'case.merged'>
  | CaseEventOf<'case.reopened'>
  | CaseEventOf<'case.deadline_passed'>
  | CaseEventOf<'case.feedback_returned'>
  | CaseEventOf<'case.feedback_approved'>
  | CaseEventOf<'case.rework_ordered'>
  | CaseEventOf<'case.dispute_rejected'>
  | CaseEventOf<'case.extension_approved'>
  | CaseEventOf<'case.extension_rejected'>;

@Injectable()
export class FollowCaseStatusHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves the assignment with the case, so a closed order can no longer be signed or answered. */
  async execute(event: CaseStatusEvent): Promise<void> {
    await processOnce(this.dataSource, EXECUTION_CONSUMER.consumerName, event, async (manager) => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(event.caseId);
      // Closed, reopened or merged before any unit held it: there is no queue entry to move.
      if (!current) return;
      const move = followStatus({ current: current.status, event: event.type, tracked: EXECUTION_TRACKED_EVENTS });
      if (!move.ok) {
        // A decision made before its maker heard that the order had ended (supervision's deadline passing as
        // a dispatcher merged the case): late, it changes nothing; audit records it. On an open order it is
        // a fault and is dead-lettered.
        if (hasEnded(current.status)) return;
        throw new PermanentMessageError(move.error.code, move.error.message);
      }
      const change = { status: move.to, ...extraChange(event, current) };
      const isMoved = await assignments.compareAndSet(current, { ...change, updatedAt: new Date() });
      if (!isMoved) throw new AssignmentChangedConcurrentlyError(event.caseId);
      if (event.type === 'case.extension_approved' || event.type === 'case.extension_rejected') {
        await new ExtensionRequestRepository(manager).decidePending(event.caseId, event.type === 'case.extension_approved' ? 'approved' : 'rejected', new Date(event.occurredAt));
      }
      await enqueueWebhookDeliveries(manager, { event, state: { ...current, ...change } });
    });
  }
}

function extraChange(event: CaseStatusEvent, current: AssignmentRecord): AssignmentChange {
  switch (event.type) {
    // 答非所问 at review, or 返工 after a failed on-site check: the reply no longer counts, the unit answers again.
    case 'case.feedback_returned':
    case 'case.rework_ordered':
      return { feedbackOutcome: null, feedbackReply: null, feedbackAt: null };
    // 首接负责: the unit keeps the case and is deemed to have signed it; the deadline is not reset.
    case 'case.dispute_rejected':
      return { signedAt: current.signedAt ?? new Date(event.occurredAt) };
    case 'case.extension_approved':
      return { deadline: new Date(event.payload.newDeadline) };
    case 'case.extension_rejected':
    case 'case.feedback_approved':
    case 'case.merged':
    case 'case.closed':
    case 'case.reopened':
    case 'case.deadline_passed':
      return {};
  }
}
