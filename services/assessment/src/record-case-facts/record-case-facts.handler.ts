import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce, withBatchWork, type BatchWork } from '@hotline/messaging';
import { kindOfAgency } from '../domain/agency-kind';
import { monthOf } from '../domain/month';
import { AppealRepository } from '../infrastructure/database/appeal.repository';
import { FactsRepository, type TouchedRow } from '../infrastructure/database/facts.repository';
import { MonthClosingRepository } from '../infrastructure/database/month-closing.repository';
import { ASSESSMENT_CONSUMER } from '../infrastructure/messaging/assessment-consumer';
import { CaseChanges } from './case-changes';
import { HandlingRounds } from './handling-rounds';
import { NewHandlings } from './new-handlings';
import { FACT_SETTINGS, type FactSettings } from './fact-settings';

/**
 * Whether a month is closed, asked once per month in a transaction: the first question takes the month's
 * lock (shared with other writers, exclusive to closing it) and reads the answer; the lock holds until
 * the transaction ends, so the answer cannot change for the rest of a batch.
 */
class ClosedMonths implements BatchWork {
  private readonly answers = new Map<string, boolean>();

  constructor(private readonly closings: MonthClosingRepository) {}

  async isClosed(month: string): Promise<boolean> {
    const known = this.answers.get(month);
    if (known !== undefined) return known;
    await this.closings.lockMonth(month, 'shared');
    const isClosed = await this.closings.isClosed(month);
    this.answers.set(month, isClosed);
    return isClosed;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

const CLOSED_MONTHS = Symbol('assessment.closed-months');

const CASE_CHANGES = Symbol('assessment.case-changes');

const NEW_HANDLINGS = Symbol('assessment.new-handlings');

const HANDLING_ROUNDS = Symbol('assessment.handling-rounds');

/**
 * Keeps assessment's facts in step with every lifecycle event, in the event's inbox transaction. An event that
 * changes a round of a month already closed is also recorded as an adjustment of that month: the published
 * figures stay as they were.
 */
@Injectable()
export class RecordCaseFactsHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACT_SETTINGS) private readonly settings: FactSettings,
  ) {}

  async execute(event: CaseEvent): Promise<void> {
    await processOnce(this.dataSource, ASSESSMENT_CONSUMER.consumerName, event, (manager) => this.apply(manager, event));
  }

  private async apply(manager: EntityManager, event: CaseEvent): Promise<void> {
    const facts = new FactsRepository(manager);
    const at = new Date(event.occurredAt);
    const touched = await withBatchWork(manager, CASE_CHANGES, event, () => new CaseChanges(facts), (cases) =>
      withBatchWork(manager, NEW_HANDLINGS, event, () => new NewHandlings(facts), (handlings) =>
        withBatchWork(
          manager,
          HANDLING_ROUNDS,
          event,
          (events) => new HandlingRounds(facts, handlings, events.map((each) => each.caseId)),
          (rounds) => this.record(manager, facts, { cases, handlings, rounds }, event, at),
        ),
      ),
    );
    if (!touched) return;
    const closings = new MonthClosingRepository(manager);
    const isClosed = await withBatchWork(manager, CLOSED_MONTHS, event, () => new ClosedMonths(closings), (months) => months.isClosed(touched.row.month));
    if (isClosed) {
      await closings.addAdjustment({
        month: touched.row.month,
        agencyId: touched.row.agencyId,
        caseId: event.caseId,
        eventId: event.eventId,
        eventType: event.type,
        occurredAt: event.occurredAt,
        description: touched.description,
      });
    }
  }

  /** Applies one event; returns the round (or check-in) it changed that a closed month would report. */
  private async record(
    manager: EntityManager,
    facts: FactsRepository,
    { cases, handlings, rounds }: { cases: CaseChanges; handlings: NewHandlings; rounds: HandlingRounds },
    event: CaseEvent,
    at: Date,
  ): Promise<{ row: TouchedRow; description: string } | undefined> {
    const offset = this.settings.monthUtcOffsetMinutes;
    const changed = (row: TouchedRow | undefined, description: string) => (row ? { row, description } : undefined);
    switch (event.type) {
      case 'case.received':
        cases.set(event.caseId, {
          received_at: new Date(event.payload.reportedAt),
          month: monthOf(new Date(event.payload.reportedAt), offset),
          request_type: event.payload.type,
          channel: event.payload.channel,
        });
        return undefined;
      case 'case.classified':
        cases.set(event.caseId, {
          category: event.payload.category,
          category_name: event.payload.categoryName,
          district_code: event.payload.districtCode,
          street_code: event.payload.streetCode,
        });
        return undefined;
      // 并案: a repeat joins the open case and counts once. Merged after dispatch (a dispatcher confirmed
      // it), the unit's round is withdrawn and counts in none of its figures.
      case 'case.merged':
        cases.set(event.caseId, { merged_into: event.payload.intoCaseId });
        return changed(
          await rounds.change({ caseId: event.caseId, agencyId: null }, () => ({ is_withdrawn: true })),
          `withdrawn: merged into ${event.payload.intoCaseId}`,
        );
      case 'case.dispatched':
      case 'case.redispatched': {
        const { agencyId, agencyName, round, deadline } = event.payload;
        const month = monthOf(at, offset);
        handlings.add({ agencyId, name: agencyName, kind: kindOfAgency(agencyId) }, { caseId: event.caseId, round, agencyId, month, dispatchedAt: at, deadline: new Date(deadline) });
        if (event.type === 'case.dispatched') return { row: { month, agencyId }, description: `dispatched (round ${round})` };
        // 改派: the previous unit's return was upheld; that round is no longer its to answer for.
        return changed(
          await rounds.change({ caseId: event.caseId, agencyId: event.payload.previousAgencyId }, () => ({ is_return_upheld: true })),
          `return upheld: redispatched to ${agencyId}`,
        );
      }
      case 'case.signed':
        return changed(await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId }, ({ signed_at }) => ({ signed_at: signed_at ?? at })), 'signed');
      // 首接负责: a unit whose return is rejected keeps the case and is deemed to have signed it then.
      case 'case.dispute_rejected':
        return changed(
          await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId }, ({ signed_at }) => ({ signed_at: signed_at ?? at })),
          'return rejected: deemed signed',
        );
      case 'case.dispute_raised':
        return changed(
          await rounds.change(
            { caseId: event.caseId, agencyId: event.payload.agencyId, ...(event.payload.round === undefined ? {} : { round: event.payload.round }) },
            ({ returned_at }) => ({ returned_at: returned_at ?? at }),
          ),
          `returned (${event.payload.reason})`,
        );
      case 'case.extension_approved':
        return changed(
          await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId }, () => ({ deadline: new Date(event.payload.newDeadline) })),
          `extension approved to ${event.payload.newDeadline}`,
        );
      case 'case.feedback_submitted':
        return changed(await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId }, () => ({ feedback_at: at })), 'feedback submitted');
      // A returned reply (答非所问) no longer counts: the unit answers again.
      case 'case.feedback_returned':
        return changed(await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId }, () => ({ feedback_at: null })), 'feedback returned');
      // 返工: the on-site check failed; the unit answers again and the rework is counted.
      case 'case.rework_ordered':
        return changed(
          await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId }, ({ rework_count }) => ({ rework_count: rework_count + 1, feedback_at: null })),
          'rework ordered',
        );
      case 'case.supervised': {
        const isResponseBreach = event.payload.step === 1 && (event.payload.clock === 'sign' || event.payload.clock === 'first_contact');
        if (!isResponseBreach) return undefined;
        return changed(
          await rounds.change({ caseId: event.caseId, agencyId: event.payload.agencyId, round: event.payload.round }, () => ({ is_sign_breached: true })),
          `${event.payload.clock} clock breached`,
        );
      }
      case 'case.closed':
      case 'case.reopened': {
        const followUp = event.payload.followUp;
        const isReached = followUp?.reached === true;
        const concludedAs = event.type === 'case.closed' ? 'closed' : 'reopened';
        return changed(
          await rounds.change(
            { caseId: event.caseId, agencyId: event.payload.agencyId },
            () => ({
              concluded_as: concludedAs,
              is_follow_up_reached: isReached,
              is_resolved: isReached ? followUp.resolved : null,
              satisfaction: isReached ? followUp.satisfaction : null,
            }),
          ),
          concludedAs,
        );
      }
      case 'case.whistle_blown': {
        const arriveBy = new Date(event.payload.arriveBy);
        for (const agencyId of event.payload.summonedAgencyIds) {
          await facts.ensureAgency({ agencyId, kind: kindOfAgency(agencyId) });
          await facts.insertCheckIn({ whistleId: event.payload.whistleId, agencyId, caseId: event.caseId, month: monthOf(arriveBy, offset), arriveBy });
        }
        return undefined;
      }
      case 'case.checked_in':
        return changed(
          await facts.updateCheckIn({ whistleId: event.payload.whistleId, agencyId: event.payload.agencyId }, 'checked_in_at = coalesce(checked_in_at, $3), is_late = $4', [at, event.payload.isLate]),
          event.payload.isLate ? 'checked in late' : 'checked in',
        );
      case 'case.check_in_missed':
        return changed(await facts.updateCheckIn({ whistleId: event.payload.whistleId, agencyId: event.payload.agencyId }, 'is_missed = true', []), 'check-in missed');
      case 'case.appeal_filed':
        await new AppealRepository(manager).file({
          appealId: event.payload.appealId ?? event.eventId,
          caseId: event.caseId,
          agencyId: event.payload.agencyId,
          reason: event.payload.reason,
          note: event.payload.note ?? null,
          filedAt: at,
          round: (await rounds.latestRound(event.caseId, event.payload.agencyId)) ?? null,
        });
        return undefined;
      case 'case.appeal_decided': {
        const appeals = new AppealRepository(manager);
        const appeal = event.payload.appealId ? await appeals.find(event.payload.appealId) : await appeals.pendingOf(event.caseId);
        if (appeal && appeal.status === 'pending') {
          await appeals.decide(appeal.appealId, { isUpheld: event.payload.isUpheld, reviewerId: event.payload.reviewerId, note: event.payload.note ?? null, decidedAt: at });
        }
        if (!event.payload.isUpheld) return undefined;
        return changed(
          await rounds.change(
            { caseId: event.caseId, agencyId: event.payload.agencyId, ...(appeal?.round ? { round: appeal.round } : {}) },
            () => ({ is_excluded: true }),
          ),
          'appeal upheld: the case is excluded from the unit\'s score',
        );
      }
      case 'case.filed':
      case 'case.filing_rejected':
      case 'case.answered':
      case 'case.transferred':
      case 'case.declined':
      case 'case.extension_requested':
      case 'case.extension_rejected':
      case 'case.co_handler_reported':
      case 'case.feedback_approved':
      case 'case.inspected':
      case 'case.deadline_passed':
      case 'case.deadline_warning':
      case 'case.survey_issued':
      case 'case.follow_up_attempted':
      case 'case.personal_data_erased':
        return undefined;
    }
  }
}
