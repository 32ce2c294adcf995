import type { FeedbackConfig } from '../config/feedback-config';
import type { FollowUpPolicy } from '../domain/follow-up-policy';

/** Nest token of the review, retry and reopen policy. */
export const FOLLOW_UP_POLICY = Symbol('FOLLOW_UP_POLICY');
/** Nest token of the survey link's lifetime in milliseconds. */
export const SURVEY_TOKEN_TTL_MS = Symbol('SURVEY_TOKEN_TTL_MS');

export function followUpPolicyFrom(config: FeedbackConfig): FollowUpPolicy {
  return {
    reviewRequiredFor: config.REVIEW_REQUIRED_FOR,
    maxAttempts: config.FOLLOW_UP_MAX_ATTEMPTS,
    retryWindowMs: config.FOLLOW_UP_RETRY_WINDOW,
    reopenMax: config.REOPEN_MAX,
    reopenSameUnitMax: config.REOPEN_SAME_UNIT_MAX,
  };
}
