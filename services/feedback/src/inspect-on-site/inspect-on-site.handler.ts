import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { checkInspection, type InspectionRefusal } from '../domain/inspection';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import type { InspectOnSiteRequest } from './inspect-on-site.request';

export type InspectOnSiteResult =
  | { status: 'inspected'; caseStatus: CaseStatus; passed: boolean; reworkCount: number }
  | { status: 'not_found' }
  | { status: 'refused'; error: InspectionRefusal };

@Injectable()
export class InspectOnSiteHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * 核查: pass closes the grid case (case.inspected + case.closed); fail orders rework (case.inspected +
   * case.rework_ordered): the unit holds the case again as signed and its clock keeps running.
   */
  async execute(caseId: string, request: InspectOnSiteRequest, inspectorId: string): Promise<InspectOnSiteResult> {
    return this.dataSource.transaction(async (manager): Promise<InspectOnSiteResult> => {
      const followUps = new FollowUpRepository(manager);
      const current = await followUps.findForUpdate(caseId);
      if (!current) return { status: 'not_found' };
      const refusal = checkInspection(current, inspectorId);
      if (refusal) return { status: 'refused', error: refusal };
      // The unit has reported back, so it is known; a row without one is a lost event, not a check to make.
      const agencyId = current.agencyId;
      if (!agencyId) return { status: 'refused', error: { code: 'INSPECTION.NOT_PENDING', message: 'no unit is known to have handled the case' } };
      const now = new Date();
      const note = request.note ?? null;
      const common = { caseId, producer: 'feedback' as const, occurredAt: now };
      const inspected = newCaseEvent({
        ...common,
        cause: { eventId: current.lastEventId, correlationId: current.correlationId },
        type: 'case.inspected',
        payload: { agencyId, inspectorId, passed: request.passed, note },
      });
      const next = { eventId: inspected.eventId, correlationId: current.correlationId };
      const reworkCount = request.passed ? current.reworkCount : current.reworkCount + 1;
      const consequence: CaseEvent = request.passed
        ? newCaseEvent({
            ...common,
            cause: next,
            type: 'case.closed',
            // No citizen call: the check stands for it (the reporter is an inspector, not a citizen).
            payload: { followUp: { reached: false, resolved: true, satisfaction: null, note, operatorId: inspectorId }, agencyId, closedAs: 'inspection_passed' },
          })
        : newCaseEvent({ ...common, cause: next, type: 'case.rework_ordered', payload: { agencyId, inspectorId, reworkCount, note } });
      const caseStatus: CaseStatus = request.passed ? 'closed' : 'signed';
      const isMoved = await followUps.compareAndSet(current, {
        status: caseStatus,
        reworkCount,
        lastEventId: consequence.eventId,
        updatedAt: now,
        ...(request.passed
          ? { closedAt: now, closedAs: 'inspection_passed' as const }
          : // 返工: the reply no longer counts; the unit reports back again.
            { feedbackOutcome: null, feedbackReply: null, feedbackAt: null }),
      });
      if (!isMoved) throw new Error(`the follow-up of case ${caseId} changed under its lock`);
      await appendToOutbox(manager, [inspected, consequence]);
      return { status: 'inspected', caseStatus, passed: request.passed, reworkCount };
    });
  }
}
