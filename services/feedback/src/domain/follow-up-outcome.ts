import { transition, type CaseStatus, type IllegalTransitionError } from '@hotline/case-lifecycle';
import type { SatisfactionLevel } from '@hotline/contracts';

/** What the operator heard on the follow-up call (回访). */
export type FollowUpCall =
  | { reached: false; note: string | null; operatorId: string | null }
  | { reached: true; resolved: boolean; satisfaction: SatisfactionLevel; note: string | null; operatorId: string | null };

export type FollowUpOutcome =
  | { outcome: 'attempted'; event: 'case.follow_up_attempted' }
  | { outcome: 'closed'; event: 'case.closed' }
  | { outcome: 'reopened'; event: 'case.reopened'; reason: 'unresolved' | 'unsatisfied' };

/**
 * Not reached: the call is due again. Resolved and at least basically satisfied: 办结. Anything else
 * reopens the order (重办); an unresolved request is reported as unresolved even if the citizen is satisfied.
 */
export function decideFollowUpOutcome(call: FollowUpCall): FollowUpOutcome {
  if (!call.reached) return { outcome: 'attempted', event: 'case.follow_up_attempted' };
  if (!call.resolved) return { outcome: 'reopened', event: 'case.reopened', reason: 'unresolved' };
  if (call.satisfaction === 'unsatisfied') return { outcome: 'reopened', event: 'case.reopened', reason: 'unsatisfied' };
  return { outcome: 'closed', event: 'case.closed' };
}

// The unit has reported back, or its deadline passed without a report: the citizen is called either way.
const FOLLOW_UP_DUE: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['feedback_submitted', 'awaiting_follow_up']);

export function isFollowUpDue(status: CaseStatus): boolean {
  return FOLLOW_UP_DUE.has(status);
}

export type FollowUpMove = { ok: true; to: CaseStatus } | { ok: false; error: IllegalTransitionError };

/**
 * A follow-up call is only made while one is due: the lifecycle also lets a closed case be reopened,
 * but that is the citizen calling again, not a second follow-up of the same feedback.
 */
export function decideFollowUpMove(status: CaseStatus, outcome: FollowUpOutcome): FollowUpMove {
  if (!isFollowUpDue(status)) {
    return {
      ok: false,
      error: {
        code: 'CASE.ILLEGAL_TRANSITION',
        message: `no follow-up call is due when the case is ${status}; it is due once the unit has reported back or its deadline has passed`,
      },
    };
  }
  const move = transition(status, outcome.event);
  return move.ok ? { ok: true, to: move.to } : { ok: false, error: move.error };
}
