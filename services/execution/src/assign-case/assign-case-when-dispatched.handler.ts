import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { followStatus } from '@hotline/case-lifecycle';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { EXECUTION_TRACKED_EVENTS } from '../domain/tracked-events';
import { AssignmentChangedConcurrentlyError, AssignmentRepository } from '../infrastructure/database/assignment.repository';
import { EXECUTION_CONSUMER } from '../infrastructure/messaging/execution-consumer';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';

export type DispatchEvent = CaseEventOf<'case.dispatched'> | CaseEventOf<'case.redispatched'>;

@Injectable()
export class AssignCaseWhenDispatchedHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 派单 / 改派 / 重办: the unit's queue gets the order; a later round replaces the previous unit's. */
  async execute(event: DispatchEvent): Promise<void> {
    await processOnce(this.dataSource, EXECUTION_CONSUMER.consumerName, event, async (manager) => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(event.caseId);
      const move = followStatus({ current: current?.status, event: event.type, tracked: EXECUTION_TRACKED_EVENTS });
      if (!move.ok) throw new PermanentMessageError(move.error.code, move.error.message);
      const assignment = newRound(event, move.to);
      if (!current) {
        await assignments.insert(assignment);
        await enqueueWebhookDeliveries(manager, { event, state: assignment });
        return;
      }
      if (event.payload.round <= current.round) {
        throw new PermanentMessageError('ASSIGNMENT.STALE_ROUND', `round ${event.payload.round} does not follow round ${current.round}`);
      }
      const { caseId: _caseId, ...change } = assignment;
      const isReplaced = await assignments.compareAndSet(current, change);
      if (!isReplaced) throw new AssignmentChangedConcurrentlyError(event.caseId);
      const previousAgencyId = current.agencyId === assignment.agencyId ? undefined : current.agencyId;
      await enqueueWebhookDeliveries(manager, { event, state: assignment, previousAgencyId });
    });
  }
}

/** A fresh assignment: whatever the previous unit signed or reported belongs to its own round. */
function newRound(event: DispatchEvent, status: CaseStatus): AssignmentRecord {
  const { payload } = event;
  return {
    caseId: event.caseId,
    agencyId: payload.agencyId,
    round: payload.round,
    status,
    deadline: new Date(payload.deadline),
    copiedTo: payload.copiedToAgencyIds,
    coHandlerIds: payload.coHandlerIds ?? [],
    signedAt: null,
    signedBy: null,
    feedbackOutcome: null,
    feedbackReply: null,
    feedbackAt: null,
    dispatchedAt: new Date(event.occurredAt),
    dispatchEventId: event.eventId,
    correlationId: event.correlationId,
    updatedAt: new Date(),
  };
}
