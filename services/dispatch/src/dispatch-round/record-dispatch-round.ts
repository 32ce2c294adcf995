import type { EntityManager } from 'typeorm';
import type { SlaClock } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type CaseEventOf, type DisputeDecider, type DisputeReason, type PayloadOf, type Urgency } from '@hotline/contracts';
import { appendToOutbox, withBatchWork, type BatchWork } from '@hotline/messaging';
import { insertRows } from '@hotline/persistence';
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
  /** A dispatcher's corrected category, announced so classification learns from it. */
  readonly correctedCategory?: string;
  readonly dispatchedAt: Date;
  /** The event this dispatch answers (case.classified, case.reopened, case.dispute_raised for 改派; for a manual dispatch, the classification that queued it). */
  readonly cause?: Pick<CaseEvent, 'eventId' | 'correlationId'>;
}

/** 派单: writes the dispatch round and its `case.dispatched` event in the caller's transaction. */
export async function recordDispatchRound(manager: EntityManager, input: DispatchRoundInput): Promise<CaseEventOf<'case.dispatched'>> {
  const event = newCaseEvent({
    type: 'case.dispatched',
    caseId: input.caseId,
    producer: 'dispatch',
    occurredAt: input.dispatchedAt,
    ...(input.cause ? { cause: input.cause } : {}),
    payload: dispatchPayload(input),
  });
  await insertRound(manager, input, event);
  return event;
}

export interface RedispatchRoundInput extends DispatchRoundInput {
  readonly previousAgencyId: string;
  /** The dispatcher's or arbitrator's note. */
  readonly reason: string;
  readonly returnReason: DisputeReason;
  readonly decidedBy: DisputeDecider;
}

/** 改派: the same round record as a dispatch, announced as `case.redispatched` naming the previous unit. */
export async function recordRedispatchRound(manager: EntityManager, input: RedispatchRoundInput): Promise<CaseEventOf<'case.redispatched'>> {
  const event = newCaseEvent({
    type: 'case.redispatched',
    caseId: input.caseId,
    producer: 'dispatch',
    occurredAt: input.dispatchedAt,
    ...(input.cause ? { cause: input.cause } : {}),
    payload: {
      ...dispatchPayload(input),
      previousAgencyId: input.previousAgencyId,
      reason: input.reason,
      returnReason: input.returnReason,
      decidedBy: input.decidedBy,
    },
  });
  await insertRound(manager, input, event);
  return event;
}

function dispatchPayload(input: DispatchRoundInput): PayloadOf<'case.dispatched'> {
  return {
    agencyId: input.agency.agencyId,
    agencyName: input.agency.name,
    // A unit is copied once: a co-handler already sees the case.
    copiedToAgencyIds: copiedToAgencyIds(input.agency).filter((agencyId) => !input.coHandlerIds.includes(agencyId)),
    deadline: input.deadline.toISOString(),
    slaClock: { amount: input.clock.amount, unit: input.clock.unit },
    catalogueVersion: input.catalogueVersion,
    ruleId: input.ruleId,
    round: input.round,
    coHandlerIds: [...input.coHandlerIds],
    routedBy: input.routedBy,
    ...(input.correctedCategory ? { correctedCategory: input.correctedCategory } : {}),
  };
}

const NEW_ROUNDS = Symbol('dispatch.new-rounds');

/**
 * The rounds a consumer batch dispatched, inserted in one statement when it ends (outside a batch, at once).
 * A handler that reads rounds in the batch writes them first (`latestDispatchRound`).
 */
class NewRounds implements BatchWork {
  private readonly rows: DispatchRecord[] = [];

  constructor(private readonly manager: EntityManager) {}

  add(row: DispatchRecord): void {
    this.rows.push(row);
  }

  async flush(): Promise<void> {
    if (this.rows.length > 0) await insertRows(this.manager, DispatchRecord, this.rows.splice(0));
  }
}

/** The case's latest round, for a handler of `event`: the rounds its batch dispatched so far are written first. */
export async function latestDispatchRound(manager: EntityManager, event: CaseEvent): Promise<DispatchRecord | null> {
  await withBatchWork(manager, NEW_ROUNDS, event, () => new NewRounds(manager), (rounds) => rounds.flush());
  return manager.getRepository(DispatchRecord).findOne({ where: { caseId: event.caseId }, order: { round: 'DESC' } });
}

async function insertRound(manager: EntityManager, input: DispatchRoundInput, event: CaseEventOf<'case.dispatched'> | CaseEventOf<'case.redispatched'>): Promise<void> {
  const row: DispatchRecord = {
    caseId: input.caseId,
    round: input.round,
    agencyId: input.agency.agencyId,
    copiedTo: event.payload.copiedToAgencyIds,
    urgency: input.urgency,
    deadline: input.deadline,
    slaAmount: input.clock.amount,
    slaUnit: input.clock.unit,
    ruleId: input.ruleId,
    catalogueVersion: input.catalogueVersion,
    coHandlerIds: [...input.coHandlerIds],
    routedBy: input.routedBy,
    dispatchedBy: input.dispatchedBy ?? null,
    note: input.note ?? null,
    eventId: event.eventId,
    dispatchedAt: input.dispatchedAt,
  };
  await withBatchWork(manager, NEW_ROUNDS, event, () => new NewRounds(manager), (rounds) => Promise.resolve(rounds.add(row)));
  await appendToOutbox(manager, [event]);
}
