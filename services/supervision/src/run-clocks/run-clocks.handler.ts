import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ClockBudget, clockFromSpec, isoDurationMs, type WorkingCalendar } from '@hotline/case-lifecycle';
import { SLA_CLOCK_NAMES, type CaseEvent, type CaseEventOf, type SlaClockName } from '@hotline/contracts';
import { processOnce, withBatchWork } from '@hotline/messaging';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { planTimers } from '../domain/clock-plan';
import { moveDeadline, pauseClock, restartClock, resumeClock, startClock, stopClock } from '../domain/clock-moves';
import { handlerLevelOf, hasEscalationStep } from '../domain/escalation';
import { matchProfile } from '../domain/sla-profile';
import { CaseFactsRows, type CaseFacts } from '../infrastructure/database/case-facts.repository';
import type { ClockRecord } from '../infrastructure/database/clock.repository';
import { ClockRows } from '../infrastructure/database/clock-rows';
import { SUPERVISION_CONSUMER } from '../infrastructure/messaging/supervision-consumer';
import { SupervisionReferenceCache, type SupervisionReference } from '../reference-data/reference-data.cache';

export const CLOCK_EVENT_TYPES = [
  'case.received',
  'case.classified',
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.dispute_raised',
  'case.dispute_rejected',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.rework_ordered',
  'case.merged',
  'case.closed',
  'case.reopened',
] as const;
export type ClockEvent = CaseEventOf<(typeof CLOCK_EVENT_TYPES)[number]>;
const CLOCK_EVENT_TYPE_SET: ReadonlySet<string> = new Set(CLOCK_EVENT_TYPES);
const isClockEvent = (event: CaseEvent): boolean => CLOCK_EVENT_TYPE_SET.has(event.type);

/** Which clocks an event stops (签收 stops the sign clock; a reply stops first contact and feedback). */
const STOPS: Partial<Record<ClockEvent['type'], readonly SlaClockName[]>> = {
  'case.signed': ['sign'],
  // 首接负责: a unit whose dispute is rejected keeps the case and is deemed to have signed it.
  'case.dispute_rejected': ['sign'],
  // No event records the first call to the citizen yet: the reply, which reaches the citizen, ends it.
  'case.feedback_submitted': ['sign', 'first_contact', 'feedback'],
  // 并案 confirmed by a dispatcher: the unit's order is withdrawn, nothing more is due from it.
  'case.merged': SLA_CLOCK_NAMES,
  'case.closed': SLA_CLOCK_NAMES,
  'case.reopened': SLA_CLOCK_NAMES,
};

const CASE_FACTS = Symbol('supervision.case-facts');
const CLOCKS = Symbol('supervision.clocks');

/**
 * Keeps a case's clocks in step with its events: starts them on dispatch, stops them on sign and reply (and all on a merge),
 * pauses them while a dispute or extension is pending (if the profile says so), and plans their timers
 * in Postgres, all in the event's inbox transaction.
 */
@Injectable()
export class RunClocksHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly referenceData: SupervisionReferenceCache,
  ) {}

  async execute(event: ClockEvent): Promise<void> {
    await processOnce(this.dataSource, SUPERVISION_CONSUMER.consumerName, event, (manager) =>
      withBatchWork(
        manager,
        CASE_FACTS,
        event,
        (events) => new CaseFactsRows(manager, events.filter(isClockEvent)),
        (facts) =>
          withBatchWork(
            manager,
            CLOCKS,
            event,
            (events) => new ClockRows(manager, events.filter(isClockEvent).map((clockEvent) => clockEvent.caseId)),
            (clocks) => this.apply(manager, facts, clocks, event),
          ),
      ),
    );
  }

  private async apply(manager: EntityManager, factsRows: CaseFactsRows, clocks: ClockRows, event: ClockEvent): Promise<void> {
    const facts = await factsRows.lock(event.caseId);
    const reference = await this.referenceData.current(manager);
    const calendar = reference.calendar;
    const now = new Date(event.occurredAt);
    const current = facts.round > 0 ? await clocks.ofRound(event.caseId, facts.round) : [];
    let next = current;
    // Clocks this event starts: inserted once in their final state, with no timers to replace.
    let started = new Set<string>();

    switch (event.type) {
      case 'case.received':
        facts.requestType = event.payload.type;
        break;
      case 'case.classified':
        facts.category = event.payload.category;
        facts.urgency = event.payload.urgency;
        facts.districtCode = event.payload.districtCode;
        break;
      case 'case.dispatched':
      case 'case.redispatched':
        await this.saveAll(clocks, calendar, current.map((clock) => stopClock(budgetOf(clock, calendar), clock, now, event.type)), facts, started, current);
        next = this.startRound(facts, event, reference);
        started = new Set(next.map(clockKey));
        break;
      case 'case.dispute_raised':
        facts.isDisputePending = true;
        break;
      case 'case.extension_requested':
        facts.isExtensionPending = true;
        break;
      case 'case.dispute_rejected':
        facts.isDisputePending = false;
        break;
      case 'case.extension_rejected':
        facts.isExtensionPending = false;
        break;
      case 'case.extension_approved':
        facts.isExtensionPending = false;
        next = this.syncPause(current, facts, calendar, now).map((clock) =>
          clock.clock === 'feedback' ? moveDeadline(budgetOf(clock, calendar), clock, new Date(event.payload.newDeadline)) : clock,
        );
        break;
      // 答非所问 at review, or 返工 after a failed on-site check: the unit answers again and its clock keeps running.
      case 'case.feedback_returned':
      case 'case.rework_ordered':
        next = current.map((clock) => (clock.clock === 'feedback' ? restartClock(budgetOf(clock, calendar), clock, now) : clock));
        break;
      case 'case.signed':
      case 'case.feedback_submitted':
      case 'case.merged':
      case 'case.closed':
      case 'case.reopened':
        break;
    }
    const stops = STOPS[event.type] ?? [];
    next = this.syncPause(next, facts, calendar, now).map((clock) =>
      stops.includes(clock.clock) ? stopClock(budgetOf(clock, calendar), clock, now, event.type) : clock,
    );
    await this.saveAll(clocks, calendar, next, facts, started, current);
    await factsRows.save(facts);
  }

  /** A clock pauses while a dispute or an extension is pending, if the case's profile says so. */
  private syncPause(clocks: ClockRecord[], facts: CaseFacts, calendar: WorkingCalendar, now: Date): ClockRecord[] {
    const shouldPause = (facts.isDisputePending && facts.pauseDuringDispute) || (facts.isExtensionPending && facts.pauseDuringExtension);
    return clocks.map((clock) => (shouldPause ? pauseClock(budgetOf(clock, calendar), clock, now) : resumeClock(budgetOf(clock, calendar), clock, now)));
  }

  /** The round's clocks, started; the caller saves them. */
  private startRound(
    facts: CaseFacts,
    event: CaseEventOf<'case.dispatched'> | CaseEventOf<'case.redispatched'>,
    { profiles, calendar }: SupervisionReference,
  ): ClockRecord[] {
    const profile = matchProfile(profiles, facts);
    if (!profile) throw new Error('no SLA profile matches: the default profile is missing');
    const handlerLevel = handlerLevelOf(event.payload);
    Object.assign(facts, {
      round: event.payload.round,
      agencyId: event.payload.agencyId,
      handlerLevel,
      profileId: profile.profileId,
      pauseDuringDispute: profile.pauseDuringDispute,
      pauseDuringExtension: profile.pauseDuringExtension,
      isDisputePending: false,
      isExtensionPending: false,
    });
    const escalateAfterMs = hasEscalationStep(handlerLevel) ? (isoDurationMs(profile.escalateAfter) ?? null) : null;
    const started = SLA_CLOCK_NAMES.map((name) => {
      const spec = clockFromSpec(profile.clocks[name]);
      // Profiles are validated when saved; a bad one in the table is a bug, not a case to guess.
      if (!spec.ok) throw new Error(`SLA profile ${profile.profileId}, clock ${name}: ${spec.message}`);
      const clock = startClock(new ClockBudget(spec.clock.unit, calendar), {
        caseId: event.caseId,
        round: event.payload.round,
        clock: name,
        agencyId: event.payload.agencyId,
        spec: spec.clock,
        start: new Date(event.occurredAt),
        warningFractions: profile.warningFractions,
        escalateAfterMs,
      });
      if (clock.calendarError !== null) {
        this.logger.error({ caseId: event.caseId, clock: name, err: clock.calendarError }, 'clock not scheduled: the working calendar has no data for a year it needs');
      }
      return clock;
    });
    return started;
  }

  /**
   * Saves the clocks and plans their timers, in the batch's `ClockRows` (written when the batch ends): the
   * clocks this event started with their timers, and the clocks it changed with the timers that replace
   * their unfired ones. A clock the event left as it was
   * read (the clock moves answer the same record when nothing moves: a stopped clock stopped again, a
   * running one resumed) is not written: its row and timers are those of the last change.
   */
  private async saveAll(
    rows: ClockRows,
    calendar: WorkingCalendar,
    clocks: readonly ClockRecord[],
    facts: CaseFacts,
    started: ReadonlySet<string>,
    asRead: readonly ClockRecord[],
  ): Promise<void> {
    const unchanged = new Set(asRead);
    const planned = clocks.filter((clock) => !unchanged.has(clock)).map((clock) => {
      const allowedMs = clock.calendarError === null ? clock.allowedMs : null;
      const plan = allowedMs !== null
        ? planTimers(budgetOf(clock, calendar), { ...clock, allowedMs }, { warningFractions: clock.warningFractions, escalateAfterMs: clock.escalateAfterMs })
        : { ok: true as const, value: [] };
      if (plan.ok) return { clock, planned: plan.value };
      this.logger.error({ caseId: facts.caseId, clock: clock.clock, err: plan.error.message }, 'timers not planned: the working calendar has no data for a year they need');
      return { clock: { ...clock, calendarError: plan.error.message }, planned: [] };
    });
    const isNew = (clock: ClockRecord) => started.has(clockKey(clock));
    for (const { clock, planned: timers } of planned) {
      if (isNew(clock)) await rows.start(clock, timers);
      else await rows.change(clock, timers);
    }
  }
}

const clockKey = (clock: Pick<ClockRecord, 'round' | 'clock'>): string => `${clock.round}/${clock.clock}`;

function budgetOf(clock: Pick<ClockRecord, 'unit'>, calendar: WorkingCalendar): ClockBudget {
  return new ClockBudget(clock.unit, calendar);
}

