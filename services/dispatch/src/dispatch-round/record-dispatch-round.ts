import type { EntityManager } from 'typeorm';
import type { SlaClock } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type CaseEventOf, type Urgency } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { copiedToAgencyIds } from '../domain/copied-to';
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
  readonly dispatchedAt: Date;
  /** The event this dispatch answers (case.classified or case.reopened). */
  readonly cause: CaseEvent;
}

/** 派单: writes the dispatch round and its `case.dispatched` event in the caller's transaction. */
export async function recordDispatchRound(manager: EntityManager, input: DispatchRoundInput): Promise<CaseEventOf<'case.dispatched'>> {
  const copiedTo = copiedToAgencyIds(input.agency);
  const event = newCaseEvent({
    type: 'case.dispatched',
    caseId: input.caseId,
    producer: 'dispatch',
    occurredAt: input.dispatchedAt,
    cause: input.cause,
    payload: {
      agencyId: input.agency.agencyId,
      agencyName: input.agency.name,
      copiedToAgencyIds: copiedTo,
      deadline: input.deadline.toISOString(),
      slaClock: { amount: input.clock.amount, unit: input.clock.unit },
      catalogueVersion: input.catalogueVersion,
      ruleId: input.ruleId,
      round: input.round,
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
    eventId: event.eventId,
    dispatchedAt: input.dispatchedAt,
  });
  await appendToOutbox(manager, [event]);
  return event;
}
