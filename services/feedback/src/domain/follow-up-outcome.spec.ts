import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { SATISFACTION_LEVELS } from '@hotline/contracts';
import { decideFollowUpMove, decideFollowUpOutcome, type FollowUpCall, type FollowUpContext } from './follow-up-outcome';
import type { FollowUpPolicy } from './follow-up-policy';

const policy: FollowUpPolicy = { reviewRequiredFor: [], maxAttempts: 3, retryWindowMs: 48 * 3600_000, reopenMax: 2, reopenSameUnitMax: 1 };
const now = new Date('2026-12-02T10:00:00Z');
const context = (overrides: Partial<FollowUpContext> = {}): FollowUpContext => ({
  policy,
  reopenCount: 0,
  attempts: 0,
  firstAttemptAt: null,
  now,
  via: 'follow_up',
  ...overrides,
});
const reached = (resolved: boolean, satisfaction: (typeof SATISFACTION_LEVELS)[number]): FollowUpCall => ({
  reached: true,
  resolved,
  satisfaction,
  note: null,
  operatorId: null,
});
const unreached: FollowUpCall = { reached: false, note: '无人接听', operatorId: null };

describe('decideFollowUpOutcome', () => {
  it('records an attempt when the citizen was not reached and attempts remain', () => {
    expect(decideFollowUpOutcome(unreached, context())).toEqual({ outcome: 'attempted' });
    expect(decideFollowUpOutcome(unreached, context({ attempts: 1, firstAttemptAt: new Date(now.getTime() - 3600_000) }))).toEqual({ outcome: 'attempted' });
  });

  it('closes as unreachable on the last allowed attempt, or once the retry window from the first call is over', () => {
    const closed = { outcome: 'closed', closedAs: 'unreachable', isReopenLimitReached: false };
    expect(decideFollowUpOutcome(unreached, context({ attempts: 2, firstAttemptAt: now }))).toEqual(closed);
    expect(decideFollowUpOutcome(unreached, context({ attempts: 1, firstAttemptAt: new Date(now.getTime() - 48 * 3600_000) }))).toEqual(closed);
    expect(decideFollowUpOutcome(unreached, context({ attempts: 0, policy: { ...policy, maxAttempts: 1 } }))).toEqual(closed);
  });

  it.each([
    [true, 'satisfied', { outcome: 'closed', closedAs: 'follow_up', isReopenLimitReached: false }],
    [true, 'basically_satisfied', { outcome: 'closed', closedAs: 'follow_up', isReopenLimitReached: false }],
    [true, 'unsatisfied', { outcome: 'reopened', reason: 'unsatisfied', reopenCount: 1, redispatchTo: 'same_unit' }],
    [false, 'satisfied', { outcome: 'reopened', reason: 'unresolved', reopenCount: 1, redispatchTo: 'same_unit' }],
    [false, 'basically_satisfied', { outcome: 'reopened', reason: 'unresolved', reopenCount: 1, redispatchTo: 'same_unit' }],
    [false, 'unsatisfied', { outcome: 'reopened', reason: 'unresolved', reopenCount: 1, redispatchTo: 'same_unit' }],
  ] as const)('reached, resolved=%s, %s → %o', (resolved, satisfaction, expected) => {
    expect(decideFollowUpOutcome(reached(resolved, satisfaction), context())).toEqual(expected);
  });

  it('says how the answer came: a survey answer closes as survey', () => {
    expect(decideFollowUpOutcome(reached(true, 'satisfied'), context({ via: 'survey' }))).toMatchObject({ closedAs: 'survey' });
  });

  it('sends later reopens to a dispatcher, and closes with the answer recorded once REOPEN_MAX is reached', () => {
    expect(decideFollowUpOutcome(reached(false, 'unsatisfied'), context({ reopenCount: 1 }))).toEqual({
      outcome: 'reopened',
      reason: 'unresolved',
      reopenCount: 2,
      redispatchTo: 'dispatcher',
    });
    expect(decideFollowUpOutcome(reached(false, 'unsatisfied'), context({ reopenCount: 2 }))).toEqual({
      outcome: 'closed',
      closedAs: 'follow_up',
      isReopenLimitReached: true,
    });
    expect(decideFollowUpOutcome(reached(true, 'unsatisfied'), context({ policy: { ...policy, reopenMax: 0 } }))).toMatchObject({ isReopenLimitReached: true });
    expect(decideFollowUpOutcome(reached(true, 'unsatisfied'), context({ policy: { ...policy, reopenSameUnitMax: 0 } }))).toMatchObject({ redispatchTo: 'dispatcher' });
  });

  it('knows every satisfaction level the table above covers', () => {
    expect(SATISFACTION_LEVELS).toEqual(['satisfied', 'basically_satisfied', 'unsatisfied']);
  });
});

describe('decideFollowUpMove', () => {
  const closing = decideFollowUpOutcome(reached(true, 'satisfied'), context());
  const reopening = decideFollowUpOutcome(reached(true, 'unsatisfied'), context());
  const attempt = decideFollowUpOutcome(unreached, context());
  const unreachable = decideFollowUpOutcome(unreached, context({ attempts: 2 }));
  const state = (status: (typeof CASE_STATUSES)[number], overrides: { reviewRequired?: boolean; channel?: 'phone' | 'grid' } = {}) => ({
    status,
    channel: overrides.channel ?? 'phone',
    reviewRequired: overrides.reviewRequired ?? false,
  });

  it('moves a due follow-up to closed or reopened, and keeps the status after an attempt', () => {
    expect(decideFollowUpMove(state('feedback_submitted'), closing)).toEqual({ ok: true, to: 'closed' });
    expect(decideFollowUpMove(state('feedback_approved', { reviewRequired: true }), unreachable)).toEqual({ ok: true, to: 'closed' });
    expect(decideFollowUpMove(state('awaiting_follow_up'), reopening)).toEqual({ ok: true, to: 'reopened' });
    expect(decideFollowUpMove(state('feedback_submitted'), attempt)).toEqual({ ok: true, to: 'feedback_submitted' });
    expect(decideFollowUpMove(state('awaiting_follow_up'), attempt)).toEqual({ ok: true, to: 'awaiting_follow_up' });
  });

  it('refuses a call while the reply waits for review, with its own code', () => {
    expect(decideFollowUpMove(state('feedback_submitted', { reviewRequired: true }), closing)).toMatchObject({
      ok: false,
      error: { code: 'FOLLOW_UP.REVIEW_PENDING' },
    });
  });

  it('refuses any call on a grid case, which the on-site check closes', () => {
    for (const status of ['feedback_submitted', 'awaiting_follow_up'] as const) {
      expect(decideFollowUpMove(state(status, { channel: 'grid' }), closing)).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    }
  });

  it.each(CASE_STATUSES.filter((status) => !['feedback_submitted', 'feedback_approved', 'awaiting_follow_up'].includes(status)))(
    'refuses any follow-up when the case is %s',
    (status) => {
      for (const outcome of [closing, reopening, attempt]) {
        expect(decideFollowUpMove(state(status), outcome)).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
      }
    },
  );
});
