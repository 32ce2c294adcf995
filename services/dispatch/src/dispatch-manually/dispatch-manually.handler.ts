import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { transition, type CaseStatus } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { recordDispatchRound } from '../dispatch-round/record-dispatch-round';
import { SlaPolicy } from '../dispatch-round/sla-policy';
import type { RuleIssue } from '../domain/catalogue-rule-issues';
import { forgetCaseRequest } from '../case-request/case-request.store';
import { DispatchRecord } from '../infrastructure/database/entities/dispatch.entity';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';
import { ReferenceDataCache } from '../reference-data/reference-data.cache';
import type { DispatchManuallyRequest } from './dispatch-manually.request';

/** The ruleId a dispatch records when a dispatcher chose the unit. */
export const MANUAL_RULE_ID = 'manual';

export type DispatchManuallyResult =
  | { status: 'dispatched'; event: CaseEventOf<'case.dispatched'> }
  | { status: 'unknown_case' }
  | { status: 'not_queued'; current: CaseStatus }
  | { status: 'invalid'; issues: RuleIssue[] }
  | { status: 'no_deadline'; code: string; message: string };

@Injectable()
export class DispatchManuallyHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slaPolicy: SlaPolicy,
    private readonly referenceData: ReferenceDataCache,
  ) {}

  /** 人工派单: a dispatcher sends a case from the manual dispatch queue to a unit, with co-handlers. */
  async execute(caseId: string, request: DispatchManuallyRequest & { dispatchedBy: string }): Promise<DispatchManuallyResult> {
    return this.dataSource.transaction(async (manager): Promise<DispatchManuallyResult> => {
      // Locks the queue entry: a second dispatcher on the same case waits, then finds it gone.
      const [queued] = await manager
        .getRepository(ManualDispatchRecord)
        .find({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
      const current = await readCaseStatus(manager, caseId);
      if (current === null) return { status: 'unknown_case' };
      const dispatched = transition(current, 'case.dispatched');
      if (!queued || !dispatched.ok) return { status: 'not_queued', current };
      const reference = await this.referenceData.current(manager);
      const issues = [request.agencyId, ...request.coHandlerIds].flatMap((agencyId, index): RuleIssue[] => {
        const path = index === 0 ? 'agencyId' : `coHandlerIds.${index - 1}`;
        if (!reference.agencies.has(agencyId)) return [{ path, message: `no unit ${agencyId}` }];
        if (index > 0 && agencyId === request.agencyId) return [{ path, message: 'the lead unit cannot also be its co-handler' }];
        if (index > 0 && request.coHandlerIds.indexOf(agencyId) !== index - 1) return [{ path, message: `co-handler ${agencyId} appears more than once` }];
        return [];
      });
      const isUnknownCategory = request.category !== undefined && !reference.categoryPaths.has(request.category);
      if (isUnknownCategory) issues.push({ path: 'category', message: `no category ${request.category}` });
      const agency = reference.agencies.get(request.agencyId);
      if (!agency || issues.length > 0) return { status: 'invalid', issues };
      const dispatchedAt = new Date();
      const deadline = this.slaPolicy.deadlineFor(reference, queued.urgency, dispatchedAt);
      if (!deadline.ok) return { status: 'no_deadline', code: deadline.code, message: deadline.message };
      await compareAndSetCaseStatus(manager, caseId, current, dispatched.to);
      await manager.getRepository(ManualDispatchRecord).delete({ caseId });
      await forgetCaseRequest(manager, caseId);
      const rounds = await manager.getRepository(DispatchRecord).countBy({ caseId });
      const event = await recordDispatchRound(manager, {
        caseId,
        round: rounds + 1,
        agency,
        urgency: queued.urgency,
        clock: deadline.clock,
        deadline: deadline.deadline,
        ruleId: MANUAL_RULE_ID,
        catalogueVersion: reference.catalogue ? String(reference.catalogue.version) : 'none',
        routedBy: 'manual',
        coHandlerIds: request.coHandlerIds,
        dispatchedBy: request.dispatchedBy,
        note: request.note,
        ...(request.category !== undefined && request.category !== queued.category ? { correctedCategory: request.category } : {}),
        dispatchedAt,
        // The classification that queued the case; rows queued before it was recorded start a chain of their own.
        ...(queued.classifiedEventId ? { cause: { eventId: queued.classifiedEventId, correlationId: queued.correlationId ?? caseId } } : {}),
      });
      return { status: 'dispatched', event };
    });
  }
}
