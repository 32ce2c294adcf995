import type { CaseStatus } from '@hotline/case-lifecycle';
import type { Channel, ClosedAs, RedispatchTo, RequestType } from '@hotline/contracts';

/** The settings of review, retries and reopening (see the README's configuration table). */
export interface FollowUpPolicy {
  reviewRequiredFor: readonly RequestType[];
  maxAttempts: number;
  retryWindowMs: number;
  reopenMax: number;
  reopenSameUnitMax: number;
}

/** What the policy needs to know of a follow-up. */
export interface FollowUpState {
  status: CaseStatus;
  channel: Channel | null;
  reviewRequired: boolean;
}

/** 数字城管: a grid inspector's report is closed by the on-site check (核查), never by a citizen's follow-up call. */
export const isGridCase = (state: Pick<FollowUpState, 'channel'>): boolean => state.channel === 'grid';

/** 审核: whether a reply to this kind of request waits for the centre's review. A grid case is checked on site instead. */
export function isReviewRequired(policy: Pick<FollowUpPolicy, 'reviewRequiredFor'>, requestType: RequestType | null, channel: Channel | null): boolean {
  if (channel === 'grid' || requestType === null) return false;
  return policy.reviewRequiredFor.includes(requestType);
}

/** The unit's reply is in and waits for the centre's review. */
export const isAwaitingReview = (state: FollowUpState): boolean =>
  state.status === 'feedback_submitted' && state.reviewRequired && !isGridCase(state);

/** A grid case's reply is in and waits for the on-site check. */
export const isAwaitingInspection = (state: FollowUpState): boolean => state.status === 'feedback_submitted' && isGridCase(state);

/**
 * 回访 is due: the reply is in and approved (or needs no review), or the deadline passed without one.
 * Never for a grid case, which the on-site check closes.
 */
export function isFollowUpDue(state: FollowUpState): boolean {
  if (isGridCase(state)) return false;
  if (state.status === 'feedback_approved' || state.status === 'awaiting_follow_up') return true;
  return state.status === 'feedback_submitted' && !state.reviewRequired;
}

/** An unanswered call: try again, or give up once the attempts or the window are used up. */
export function decideUnreached(
  policy: Pick<FollowUpPolicy, 'maxAttempts' | 'retryWindowMs'>,
  input: { attempt: number; firstAttemptAt: Date | null; now: Date },
): { closeAs: 'unreachable' } | { closeAs: null } {
  const firstAt = input.firstAttemptAt ?? input.now;
  const isWindowOver = input.now.getTime() - firstAt.getTime() >= policy.retryWindowMs;
  return input.attempt >= policy.maxAttempts || isWindowOver ? { closeAs: 'unreachable' } : { closeAs: null };
}

/** The retry window of a follow-up with an unanswered call has run out (the sweep closes it as unreachable). */
export function isRetryWindowOver(policy: Pick<FollowUpPolicy, 'retryWindowMs'>, firstAttemptAt: Date | null, now: Date): boolean {
  return firstAttemptAt !== null && now.getTime() - firstAttemptAt.getTime() >= policy.retryWindowMs;
}

export type ReopenDecision =
  | { reopen: true; reopenCount: number; redispatchTo: RedispatchTo }
  | { reopen: false; reason: 'reopen_limit_reached'; reopenCount: number };

/**
 * 重办: an unresolved or unsatisfied answer reopens the case while it has been reopened fewer than
 * REOPEN_MAX times; the first REOPEN_SAME_UNIT_MAX reopens go back to the same unit, later ones to a
 * dispatcher. Past REOPEN_MAX the case closes with the answer recorded (the unit's rates still see it).
 */
export function decideReopen(policy: Pick<FollowUpPolicy, 'reopenMax' | 'reopenSameUnitMax'>, reopensSoFar: number): ReopenDecision {
  if (reopensSoFar >= policy.reopenMax) return { reopen: false, reason: 'reopen_limit_reached', reopenCount: reopensSoFar };
  const reopenCount = reopensSoFar + 1;
  return { reopen: true, reopenCount, redispatchTo: reopenCount <= policy.reopenSameUnitMax ? 'same_unit' : 'dispatcher' };
}

/** How the citizen's answer was given: a phone call or the survey link. */
export type AnswerChannel = Extract<ClosedAs, 'follow_up' | 'survey'>;
