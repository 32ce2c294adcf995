import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type CaseStatus, type SlaClock } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { forgetCaseRequest, readCaseRequest } from '../case-request/case-request.store';
import { insertCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { recordDispatchRound } from '../dispatch-round/record-dispatch-round';
import { SlaPolicy } from '../dispatch-round/sla-policy';
import { planRoute, type RoutingBasis } from '../domain/plan-route';
import type { AgencyRecord } from '../infrastructure/database/entities/agency.entity';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';
import { PossibleDuplicatesStore } from '../review-possible-duplicates/possible-duplicates.store';
import { categoryPathOf, ReferenceDataCache } from '../reference-data/reference-data.cache';
import { ROUTING_SETTINGS, type RoutingSettings } from './routing-settings';

export type DispatchWhenClassifiedResult =
  | { status: 'dispatched'; event: CaseEventOf<'case.dispatched'> }
  | { status: 'queued'; reason: string }
  | { status: 'duplicate' };

type Plan =
  | {
      kind: 'dispatch';
      agency: AgencyRecord;
      coHandlerIds: readonly string[];
      routedBy: Exclude<RoutingBasis, 'manual'>;
      ruleId: string;
      catalogueVersion: string;
      clock: SlaClock;
      deadline: Date;
    }
  | { kind: 'manual'; reason: string };

/** The ruleId a dispatch records when no rule chose the unit (兜底). */
export const DISTRICT_FALLBACK_RULE_ID = 'district-fallback';
/** …and when the component's owner did: `component:<16-digit code>`. */
export const COMPONENT_RULE_PREFIX = 'component:';

@Injectable()
export class DispatchWhenClassifiedHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slaPolicy: SlaPolicy,
    private readonly referenceData: ReferenceDataCache,
    @Inject(ROUTING_SETTINGS) private readonly settings: RoutingSettings,
  ) {}

  /** 派单: routes a classified case by the published catalogue, or queues it for a dispatcher. */
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
    // 并案: a possible repeat is dispatched as usual, and listed for a dispatcher to confirm or dismiss.
    await new PossibleDuplicatesStore(manager).recordFlag(event, dispatchedAt);
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
        classifiedEventId: event.eventId,
        correlationId: event.correlationId,
        confidence: payload.confidence,
        queuedAt: dispatchedAt,
      });
      return { status: 'queued', reason: plan.reason };
    }
    await insertCaseStatus(manager, caseId, this.dispatchedFrom(classified.to));
    await forgetCaseRequest(manager, caseId);
    const dispatched = await recordDispatchRound(manager, {
      caseId,
      round: 1,
      agency: plan.agency,
      urgency: payload.urgency,
      clock: plan.clock,
      deadline: plan.deadline,
      ruleId: plan.ruleId,
      catalogueVersion: plan.catalogueVersion,
      routedBy: plan.routedBy,
      coHandlerIds: plan.coHandlerIds,
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
    const { caseId, payload } = event;
    // A case about a 部件 goes to its owner whatever the classifier's confidence (the category does not choose the unit).
    const isAboutComponent = payload.componentOwnerId !== undefined && payload.componentOwnerId !== null;
    if (payload.needsReview === true && !isAboutComponent) {
      return { kind: 'manual', reason: `low_confidence: classification asked for review (${payload.classifierVersion}, confidence ${payload.confidence})` };
    }
    const reference = await this.referenceData.current(manager);
    const request = await readCaseRequest(manager, caseId);
    const route = planRoute({
      facts: {
        requestType: request?.requestType ?? null,
        categoryPath: categoryPathOf(reference.categoryPaths, payload.category),
        districtCode: payload.districtCode,
        streetCode: payload.streetCode,
        // Classification resolves the unit grid from the case's position (issue 9); older events have none.
        gridCode: payload.gridCode ?? null,
        text: request?.text ?? null,
      },
      confidence: payload.confidence,
      minimumConfidence: this.settings.minimumConfidence,
      catalogue: reference.catalogue,
      districtGovernmentOf: (districtCode) => reference.districtGovernments.get(districtCode),
      componentOwnerId: payload.componentOwnerId ?? null,
    });
    if (route.basis === 'manual') return { kind: 'manual', reason: `${route.reason}: ${route.detail}` };
    const agencyId = route.basis === 'rule' ? route.rule.agencyId : route.agencyId;
    const agency = reference.agencies.get(agencyId);
    if (!agency && route.basis === 'component') {
      return { kind: 'manual', reason: `unknown_agency: component ${payload.componentCode ?? ''} is owned by unit ${agencyId}, which does not exist` };
    }
    if (!agency) return { kind: 'manual', reason: `unknown_agency: the catalogue routes to unit ${agencyId}, which does not exist` };
    const deadline = this.slaPolicy.deadlineFor(reference, payload.urgency, start);
    // Not guessed: a dispatcher sets the deadline by hand until the SLA profile or holiday calendar is fixed.
    if (!deadline.ok) return { kind: 'manual', reason: `sla_not_computable: ${deadline.code}: ${deadline.message}` };
    return {
      kind: 'dispatch',
      agency,
      coHandlerIds: route.basis === 'rule' ? route.rule.coHandlerIds : [],
      routedBy: route.basis,
      ruleId: route.basis === 'rule' ? route.rule.ruleId : route.basis === 'component' ? `${COMPONENT_RULE_PREFIX}${payload.componentCode ?? ''}` : DISTRICT_FALLBACK_RULE_ID,
      catalogueVersion: String(route.catalogueVersion),
      clock: deadline.clock,
      deadline: deadline.deadline,
    };
  }
}
