import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type CaseStatus, type SlaClock } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { insertCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { recordDispatchRound } from '../dispatch-round/record-dispatch-round';
import { SlaPolicy } from '../dispatch-round/sla-policy';
import { resolveRoute } from '../domain/resolve-route';
import type { AgencyRecord } from '../infrastructure/database/entities/agency.entity';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';
import { ReferenceDataCache } from '../reference-data/reference-data.cache';

export type DispatchWhenClassifiedResult =
  | { status: 'dispatched'; event: CaseEventOf<'case.dispatched'> }
  | { status: 'queued'; reason: string }
  | { status: 'duplicate' };

type Plan =
  | { kind: 'dispatch'; agency: AgencyRecord; ruleId: string; catalogueVersion: string; clock: SlaClock; deadline: Date }
  | { kind: 'manual'; reason: string };

@Injectable()
export class DispatchWhenClassifiedHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slaPolicy: SlaPolicy,
    private readonly referenceData: ReferenceDataCache,
  ) {}

  /** 派单: routes a classified case by the active catalogue, or queues it for a dispatcher when no rule covers it. */
  async execute(event: CaseEventOf<'case.classified'>): Promise<DispatchWhenClassifiedResult> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, (manager) => this.dispatch(manager, event));
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  private async dispatch(manager: EntityManager, event: CaseEventOf<'case.classified'>): Promise<DispatchWhenClassifiedResult> {
    const { caseId, payload } = event;
    // Dispatch first hears of a case when it is classified: until then it is simply received.
    const classified = transition((await readCaseStatus(manager, caseId)) ?? 'received', 'case.classified');
    if (!classified.ok) throw new PermanentMessageError(classified.error.code, `case ${caseId}: ${classified.error.message}`);
    const dispatchedAt = new Date();
    const plan = await this.plan(manager, event, dispatchedAt);
    if (plan.kind === 'manual') {
      await insertCaseStatus(manager, caseId, classified.to);
      await manager.getRepository(ManualDispatchRecord).insert({
        caseId,
        category: payload.category,
        urgency: payload.urgency,
        districtCode: payload.districtCode,
        streetCode: payload.streetCode,
        reason: plan.reason,
        queuedAt: dispatchedAt,
      });
      return { status: 'queued', reason: plan.reason };
    }
    await insertCaseStatus(manager, caseId, this.dispatchedFrom(classified.to));
    const dispatched = await recordDispatchRound(manager, {
      caseId,
      round: 1,
      agency: plan.agency,
      urgency: payload.urgency,
      clock: plan.clock,
      deadline: plan.deadline,
      ruleId: plan.ruleId,
      catalogueVersion: plan.catalogueVersion,
      dispatchedAt,
      cause: event,
    });
    return { status: 'dispatched', event: dispatched };
  }

  private dispatchedFrom(status: CaseStatus): CaseStatus {
    const dispatched = transition(status, 'case.dispatched');
    if (!dispatched.ok) throw new PermanentMessageError(dispatched.error.code, dispatched.error.message);
    return dispatched.to;
  }

  private async plan(manager: EntityManager, event: CaseEventOf<'case.classified'>, start: Date): Promise<Plan> {
    const { category, districtCode, urgency } = event.payload;
    const reference = await this.referenceData.snapshot(manager);
    const { catalogueVersion, rules } = reference;
    if (catalogueVersion === null) return { kind: 'manual', reason: 'no_active_catalogue: no routing catalogue version is active' };
    const rule = resolveRoute({ category, districtCode }, rules);
    if (!rule) {
      const where = districtCode === null ? 'without a known district' : `in district ${districtCode}`;
      return { kind: 'manual', reason: `no_rule: no rule of catalogue ${catalogueVersion} routes category ${category} ${where}` };
    }
    const agency = reference.agencies.get(rule.agencyId);
    if (!agency) return { kind: 'manual', reason: `unknown_agency: rule ${rule.ruleId} routes to unit ${rule.agencyId}, which does not exist` };
    const deadline = this.slaPolicy.deadlineFor(reference, urgency, start);
    // Not guessed: a dispatcher sets the deadline by hand until the SLA profile or holiday calendar is fixed.
    if (!deadline.ok) return { kind: 'manual', reason: `sla_not_computable: ${deadline.code}: ${deadline.message}` };
    return { kind: 'dispatch', agency, ruleId: rule.ruleId, catalogueVersion, clock: deadline.clock, deadline: deadline.deadline };
  }
}
