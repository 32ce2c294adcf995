import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { coHandlerReportsOf } from '../co-handling/co-handler-report.handler';
import { compareAndSetUnlessWebhooksWanted, enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository, type AssignmentChange } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { SubmitFeedbackRequest } from './submit-feedback.request';

export type SubmitFeedbackResult =
  | { status: 'submitted'; assignment: AssignmentRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError }
  | { status: 'conflict' };

interface Report {
  current: AssignmentRecord;
  change: AssignmentChange & Pick<AssignmentRecord, 'status'>;
  now: Date;
}

@Injectable()
export class SubmitFeedbackHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * 办结反馈: the unit reports its result; the follow-up call (回访) becomes due. With no co-handlers and no
   * webhook subscription that wants the event (the usual case, by the subscriptions this process last read),
   * the change and `case.feedback_submitted` go in one statement after the read, with no transaction round
   * trips, written only if no subscription changed since; otherwise a transaction also reads the
   * co-handlers' reports and queues the deliveries.
   */
  async execute(caseId: string, request: SubmitFeedbackRequest & { agencyId: string }): Promise<SubmitFeedbackResult> {
    const manager = this.dataSource.manager;
    const report = await this.prepare(manager, caseId, request);
    if (!('change' in report)) return report;
    const { current, change, now } = report;
    const state = { ...current, ...change };
    if (current.coHandlerIds.length === 0) {
      const written = await compareAndSetUnlessWebhooksWanted(manager, { current, change, event: this.event(current, request, now, []) });
      if (written === 'updated') return { status: 'submitted', assignment: state };
      if (written === 'changed') return { status: 'conflict' };
    }
    return this.dataSource.transaction(async (transaction): Promise<SubmitFeedbackResult> => {
      const again = await this.prepare(transaction, caseId, request);
      if (!('change' in again)) return again;
      const isSubmitted = await new AssignmentRepository(transaction).compareAndSet(again.current, again.change);
      if (!isSubmitted) return { status: 'conflict' };
      // 协办: the reply says which of the round's co-handlers reported to the lead, and when.
      const reports =
        again.current.coHandlerIds.length > 0 ? await coHandlerReportsOf(transaction, caseId, again.current.round) : new Map<string, Date>();
      const coHandlers = again.current.coHandlerIds.map((agencyId) => ({ agencyId, reportedAt: reports.get(agencyId)?.toISOString() ?? null }));
      const event = this.event(again.current, request, again.now, coHandlers);
      const submitted = { ...again.current, ...again.change };
      await appendToOutbox(transaction, [event]);
      await enqueueWebhookDeliveries(transaction, { event, state: submitted });
      return { status: 'submitted', assignment: submitted };
    });
  }

  private async prepare(
    manager: EntityManager,
    caseId: string,
    request: SubmitFeedbackRequest & { agencyId: string },
  ): Promise<Report | Exclude<SubmitFeedbackResult, { status: 'submitted' | 'conflict' }>> {
    const current = await new AssignmentRepository(manager).find(caseId);
    if (!current) return { status: 'not_found' };
    if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
    const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.feedback_submitted' });
    if (!decision.ok) return { status: 'refused', error: decision.error };
    const now = new Date();
    return { current, now, change: { status: decision.to, feedbackOutcome: request.outcome, feedbackReply: request.reply, feedbackAt: now, updatedAt: now } };
  }

  private event(
    current: AssignmentRecord,
    request: SubmitFeedbackRequest,
    now: Date,
    coHandlers: { agencyId: string; reportedAt: string | null }[],
  ): CaseEvent {
    return newCaseEvent({
      type: 'case.feedback_submitted',
      caseId: current.caseId,
      producer: 'execution',
      occurredAt: now,
      payload: { agencyId: current.agencyId, outcome: request.outcome, reply: request.reply, ...(coHandlers.length > 0 ? { coHandlers } : {}) },
      cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
    });
  }
}
