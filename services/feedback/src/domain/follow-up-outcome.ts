import { transition, type CaseStatus } from '@hotline/case-lifecycle';
import type { ClosedAs, RedispatchTo, SatisfactionLevel } from '@hotline/contracts';
import { decideReopen, decideUnreached, isFollowUpDue, isGridCase, type AnswerChannel, type FollowUpPolicy, type FollowUpState } from './follow-up-policy';

/** What the operator heard on the follow-up call (回访), or what the citizen answered through the survey link. */
export type FollowUpCall =
  | { reached: false; note: string | null; operatorId: string | null }
  | { reached: true; resolved: boolean; satisfaction: SatisfactionLevel; note: string | null; operatorId: string | null };

export type FollowUpOutcome =
  | { outcome: 'attempted' }
  | { outcome: 'closed'; closedAs: ClosedAs; isReopenLimitReached: boolean }
  | { outcome: 'reopened'; reason: 'unresolved' | 'unsatisfied'; reopenCount: number; redispatchTo: RedispatchTo };

/** Where the follow-up stands when the answer comes in. */
export interface FollowUpContext {
  policy: FollowUpPolicy;
  /** Reopens of the case so far. */
  reopenCount: number;
  /** Calls already made for the current reply. */
  attempts: number;
  firstAttemptAt: Date | null;
  now: Date;
  via: AnswerChannel;
}

/**
 * Not reached: the call is due again, until FOLLOW_UP_MAX_ATTEMPTS calls or FOLLOW_UP_RETRY_WINDOW
 * from the first have gone by; then the case closes as unreachable. Resolved and at least basically
 * satisfied: 办结. Anything else reopens the order (重办) per the reopen policy; an unresolved request
 * is reported as unresolved even if the citizen is satisfied.
 */
export function decideFollowUpOutcome(call: FollowUpCall, context: FollowUpContext): FollowUpOutcome {
  if (!call.reached) {
    const { closeAs } = decideUnreached(context.policy, { attempt: context.attempts + 1, firstAttemptAt: context.firstAttemptAt, now: context.now });
    return closeAs ? { outcome: 'closed', closedAs: closeAs, isReopenLimitReached: false } : { outcome: 'attempted' };
  }
  const reason = !call.resolved ? 'unresolved' : call.satisfaction === 'unsatisfied' ? 'unsatisfied' : null;
  if (reason === null) return { outcome: 'closed', closedAs: context.via, isReopenLimitReached: false };
  const reopen = decideReopen(context.policy, context.reopenCount);
  if (!reopen.reopen) return { outcome: 'closed', closedAs: context.via, isReopenLimitReached: true };
  return { outcome: 'reopened', reason, reopenCount: reopen.reopenCount, redispatchTo: reopen.redispatchTo };
}

/** Why no follow-up can be recorded now (both answer 409). */
export interface FollowUpRefusal {
  code: 'CASE.ILLEGAL_TRANSITION' | 'FOLLOW_UP.REVIEW_PENDING';
  message: string;
}

export type FollowUpMove = { ok: true; to: CaseStatus } | { ok: false; error: FollowUpRefusal };

/**
 * A follow-up call is only made while one is due: the lifecycle also lets a closed case be reopened,
 * but that is the citizen calling again, not a second follow-up of the same feedback. A reply that
 * waits for review, or a grid case (closed by the on-site check), has no call due.
 */
export function decideFollowUpMove(state: FollowUpState, outcome: FollowUpOutcome): FollowUpMove {
  if (!isFollowUpDue(state)) return { ok: false, error: notDueError(state) };
  const event = outcome.outcome === 'attempted' ? 'case.follow_up_attempted' : outcome.outcome === 'closed' ? 'case.closed' : 'case.reopened';
  const move = transition(state.status, event);
  return move.ok ? { ok: true, to: move.to } : { ok: false, error: move.error };
}

function notDueError(state: FollowUpState): FollowUpRefusal {
  if (isGridCase(state)) {
    return { code: 'CASE.ILLEGAL_TRANSITION', message: 'a grid case gets no follow-up call: it is closed by the on-site check (核查)' };
  }
  if (state.status === 'feedback_submitted' && state.reviewRequired) {
    return { code: 'FOLLOW_UP.REVIEW_PENDING', message: 'the unit\'s reply waits for review (审核); the follow-up call is due once it is approved' };
  }
  return {
    code: 'CASE.ILLEGAL_TRANSITION',
    message: `no follow-up call is due when the case is ${state.status}; it is due once the unit has reported back (and the reply is approved where review is required) or its deadline has passed`,
  };
}
