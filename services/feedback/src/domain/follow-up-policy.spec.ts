import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { decideReopen, isAwaitingInspection, isAwaitingReview, isFollowUpDue, isRetryWindowOver, isReviewRequired } from './follow-up-policy';

describe('follow-up policy', () => {
  it('requires review for the configured request types only, never for a grid case', () => {
    const policy = { reviewRequiredFor: ['complaint', 'report'] as const };
    expect(isReviewRequired(policy, 'complaint', 'phone')).toBe(true);
    expect(isReviewRequired(policy, 'help', 'phone')).toBe(false);
    expect(isReviewRequired(policy, 'report', 'grid')).toBe(false);
    expect(isReviewRequired(policy, null, 'phone')).toBe(false);
    expect(isReviewRequired({ reviewRequiredFor: [] }, 'complaint', 'web')).toBe(false);
  });

  it('makes the call due after approval, after an unreviewed reply, or after a missed deadline', () => {
    const due = (reviewRequired: boolean, channel: 'phone' | 'grid' = 'phone') =>
      CASE_STATUSES.filter((status) => isFollowUpDue({ status, reviewRequired, channel }));
    expect(due(false)).toEqual(['feedback_submitted', 'feedback_approved', 'awaiting_follow_up']);
    expect(due(true)).toEqual(['feedback_approved', 'awaiting_follow_up']);
    expect(due(false, 'grid')).toEqual([]);
  });

  it('knows a reply waiting for review and a grid reply waiting for the on-site check', () => {
    expect(isAwaitingReview({ status: 'feedback_submitted', reviewRequired: true, channel: 'phone' })).toBe(true);
    expect(isAwaitingReview({ status: 'feedback_approved', reviewRequired: true, channel: 'phone' })).toBe(false);
    expect(isAwaitingReview({ status: 'feedback_submitted', reviewRequired: false, channel: 'phone' })).toBe(false);
    expect(isAwaitingInspection({ status: 'feedback_submitted', reviewRequired: false, channel: 'grid' })).toBe(true);
    expect(isAwaitingInspection({ status: 'signed', reviewRequired: false, channel: 'grid' })).toBe(false);
  });

  it('counts the retry window from the first unanswered call', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(isRetryWindowOver({ retryWindowMs: 3600_000 }, null, now)).toBe(false);
    expect(isRetryWindowOver({ retryWindowMs: 3600_000 }, new Date(now.getTime() - 3599_000), now)).toBe(false);
    expect(isRetryWindowOver({ retryWindowMs: 3600_000 }, new Date(now.getTime() - 3600_000), now)).toBe(true);
  });

  it('reopens up to REOPEN_MAX, the first REOPEN_SAME_UNIT_MAX to the same unit', () => {
    const policy = { reopenMax: 3, reopenSameUnitMax: 2 };
    expect([0, 1, 2, 3].map((count) => decideReopen(policy, count))).toEqual([
      { reopen: true, reopenCount: 1, redispatchTo: 'same_unit' },
      { reopen: true, reopenCount: 2, redispatchTo: 'same_unit' },
      { reopen: true, reopenCount: 3, redispatchTo: 'dispatcher' },
      { reopen: false, reason: 'reopen_limit_reached', reopenCount: 3 },
    ]);
  });
});
