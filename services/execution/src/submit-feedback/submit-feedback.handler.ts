import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { coHandlerReportsOf } from '../co-handling/co-handler-report.handler';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { SubmitFeedbackRequest } from './submit-feedback.request';

export type SubmitFeedbackResult =
  | { status: 'submitted'; assignment: AssignmentRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError }
  | { status: 'conflict' };

@Injectable()
export class SubmitFeedbackHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 办结反馈: the unit reports its result; the follow-up call (回访) becomes due. */
  async execute(caseId: string, request: SubmitFeedbackRequest & { agencyId: string }): Promise<SubmitFeedbackResult> {
    return this.dataSource.transaction(async (manager): Promise<SubmitFeedbackResult> => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(caseId);
      if (!current) return { status: 'not_found' };
      if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
      const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.feedback_submitted' });
      if (!decision.ok) return { status: 'refused', error: decision.error };
      const now = new Date();
      const change = { status: decision.to, feedbackOutcome: request.outcome, feedbackReply: request.reply, feedbackAt: now, updatedAt: now };
      const isSubmitted = await assignments.compareAndSet(current, change);
      if (!isSubmitted) return { status: 'conflict' };
      // 协办: the reply says which of the round's co-handlers reported to the lead, and when.
      const reports = current.coHandlerIds.length > 0 ? await coHandlerReportsOf(manager, caseId, current.round) : new Map<string, Date>();
      const coHandlers = current.coHandlerIds.map((agencyId) => ({ agencyId, reportedAt: reports.get(agencyId)?.toISOString() ?? null }));
      const event = newCaseEvent({
        type: 'case.feedback_submitted',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: { agencyId: current.agencyId, outcome: request.outcome, reply: request.reply, ...(coHandlers.length > 0 ? { coHandlers } : {}) },
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      await appendToOutbox(manager, [event]);
      await enqueueWebhookDeliveries(manager, { event, state: { ...current, ...change } });
      return { status: 'submitted', assignment: { ...current, ...change } };
    });
  }
}
