import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type FollowUpResult } from '@hotline/contracts';
import type { WriteWhenUpdated } from '@hotline/messaging';
import { decideFollowUpMove, decideFollowUpOutcome, type FollowUpCall, type FollowUpOutcome, type FollowUpRefusal } from '../domain/follow-up-outcome';
import type { AnswerChannel, FollowUpPolicy } from '../domain/follow-up-policy';
import type { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import { voidSurveyTokensWhenUpdated } from '../issue-survey/survey-tokens';

export type ConcludeFollowUpResult =
  | { status: 'recorded'; caseStatus: CaseStatus; outcome: FollowUpOutcome; attempt: number }
  | { status: 'refused'; error: FollowUpRefusal }
  | { status: 'conflict' };

/**
 * 回访: records one answer (a call or the survey link) and its consequence — another attempt, 办结,
 * closed as unreachable, or 重办 — with its events, in one statement (in the caller's transaction if it
 * has one). A follow-up that ends voids the case's open survey links in the same statement.
 */
export async function concludeFollowUp(
  manager: EntityManager,
  input: { current: FollowUpRecord; call: FollowUpCall; via: AnswerChannel; policy: FollowUpPolicy; now: Date },
): Promise<ConcludeFollowUpResult> {
  const { current, call, via, policy, now } = input;
  const outcome = decideFollowUpOutcome(call, {
    policy,
    reopenCount: current.reopenCount,
    attempts: current.attempts,
    firstAttemptAt: current.firstAttemptAt,
    now,
    via,
  });
  const move = decideFollowUpMove(current, outcome);
  if (!move.ok) return { status: 'refused', error: move.error };
  const attempt = current.attempts + 1;
  const result: FollowUpResult = {
    reached: call.reached,
    resolved: call.reached ? call.resolved : null,
    satisfaction: call.reached ? call.satisfaction : null,
    note: call.note,
    operatorId: call.operatorId,
  };
  const events = eventsFor({ current, outcome, result, attempt, now });
  const change = {
    status: move.to,
    attempts: attempt,
    result,
    firstAttemptAt: call.reached ? current.firstAttemptAt : (current.firstAttemptAt ?? now),
    closedAt: outcome.outcome === 'closed' ? now : current.closedAt,
    closedAs: outcome.outcome === 'closed' ? outcome.closedAs : current.closedAs,
    reopenCount: outcome.outcome === 'reopened' ? outcome.reopenCount : current.reopenCount,
    updatedAt: now,
  };
  // A follow-up that ends voids the case's open survey links; another attempt leaves them open.
  const alsoWhenUpdated: Record<string, WriteWhenUpdated> =
    outcome.outcome === 'attempted' ? {} : { voided_survey_tokens: voidSurveyTokensWhenUpdated(current.caseId, now) };
  const isRecorded = await new FollowUpRepository(manager).compareAndSetWithEvents(current, change, events, alsoWhenUpdated);
  if (!isRecorded) return { status: 'conflict' };
  return { status: 'recorded', caseStatus: move.to, outcome, attempt };
}

function eventsFor(input: { current: FollowUpRecord; outcome: FollowUpOutcome; result: FollowUpResult; attempt: number; now: Date }): CaseEvent[] {
  const { current, outcome, result, attempt, now } = input;
  const common = { caseId: current.caseId, producer: 'feedback' as const, occurredAt: now };
  const cause = { eventId: current.lastEventId, correlationId: current.correlationId };
  const attempted = newCaseEvent({ ...common, cause, type: 'case.follow_up_attempted', payload: { followUp: result, attempt } });
  switch (outcome.outcome) {
    case 'attempted':
      return [attempted];
    case 'closed':
      // The last unanswered call is an attempt too, then the case closes as unreachable.
      if (!result.reached) {
        const closed = newCaseEvent({
          ...common,
          cause: { eventId: attempted.eventId, correlationId: current.correlationId },
          type: 'case.closed',
          payload: { followUp: result, agencyId: current.agencyId, closedAs: outcome.closedAs },
        });
        return [attempted, closed];
      }
      return [newCaseEvent({ ...common, cause, type: 'case.closed', payload: { followUp: result, agencyId: current.agencyId, closedAs: outcome.closedAs } })];
    case 'reopened':
      return [
        newCaseEvent({
          ...common,
          cause,
          type: 'case.reopened',
          payload: { followUp: result, agencyId: current.agencyId, reason: outcome.reason, reopenCount: outcome.reopenCount, redispatchTo: outcome.redispatchTo },
        }),
      ];
  }
}
