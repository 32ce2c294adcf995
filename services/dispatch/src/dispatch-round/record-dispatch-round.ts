import type { EntityManager } from 'typeorm';
import type { SlaClock } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type CaseEventOf, type Urgency } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { copiedToAgencyIds } from '../domain/copied-to';
import type { RoutingBasis } from '../domain/plan-route';
import type { AgencyRecord } from '../infrastructure/database/entities/agency.entity';
import { DispatchRecord } from '../infrastructure/database/entities/dispatch.entity';

export interface DispatchRoundInput {
  readonly caseId: string;
  readonly round: number;
  readonly agency: AgencyRecord;
  readonly urgency: Urgency;
  readonly clock: SlaClock;
  readonly deadline: Date;
  readonly ruleId: string;
  readonly catalogueVersion: string;
  readonly routedBy: RoutingBasis;
  readonly coHandlerIds: readonly string[];
  /** The dispatcher of a manual dispatch, and their note. */
  readonly dispatchedBy?: string | null;
  readonly note?: string | null;
  readonly dispatchedAt: Date;
  /** The event this dispatch answers (case.classified or case.reopened; for a manual dispatch, the classification that queued it). */
  readonly cause?: Pick<CaseEvent, 'eventId' | 'correlationId'>;
}

/** 派单: writes the dispatch round and its `case.dispatched` event in the caller's transaction. */
export async function recordDispatchRound(manager: EntityManager, input: DispatchRoundInput): Promise<CaseEventOf<'case.dispatched'>> {
  // A unit is copied once: a co-handler already sees the case.
  const copiedTo = copiedToAgencyIds(input.agency).filter((agencyId) => !input.coHandlerIds.includes(agencyId));
  const coHandlerIds = [...input.coHandlerIds];
  const event = newCaseEvent({
    type: 'case.dispatched',
    caseId: input.caseId,
    producer: 'dispatch',
    occurredAt: input.dispatchedAt,
    ...(input.cause ? { cause: input.cause } : {}),
    payload: {
      agencyId: input.agency.agencyId,
      agencyName: input.agency.name,
      copiedToAgencyIds: copiedTo,
      deadline: input.deadline.toISOString(),
      slaClock: { amount: input.clock.amount, unit: input.clock.unit },
      catalogueVersion: input.catalogueVersion,
      ruleId: input.ruleId,
      round: input.round,
      coHandlerIds,
      routedBy: input.routedBy,
    },
  });
  await manager.getRepository(DispatchRecord).insert({
    caseId: input.caseId,
    round: input.round,
    agencyId: input.agency.agencyId,
    copiedTo,
    urgency: input.urgency,
    deadline: input.deadline,
    slaAmount: input.clock.amount,
    slaUnit: input.clock.unit,
    ruleId: input.ruleId,
    catalogueVersion: input.catalogueVersion,
    coHandlerIds,
    routedBy: input.routedBy,
    dispatchedBy: input.dispatchedBy ?? null,
    note: input.note ?? null,
    eventId: event.eventId,
    dispatchedAt: input.dispatchedAt,
  });
  await appendToOutbox(manager, [event]);
  return event;
}
