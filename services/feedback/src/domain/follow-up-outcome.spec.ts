import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { SATISFACTION_LEVELS } from '@hotline/contracts';
import { decideFollowUpMove, decideFollowUpOutcome, isFollowUpDue, type FollowUpCall } from './follow-up-outcome';

const reached = (resolved: boolean, satisfaction: (typeof SATISFACTION_LEVELS)[number]): FollowUpCall => ({
  reached: true,
  resolved,
  satisfaction,
  note: null,
  operatorId: null,
});

describe('decideFollowUpOutcome', () => {
  it('records an attempt when the citizen was not reached', () => {
    expect(decideFollowUpOutcome({ reached: false, note: '无人接听', operatorId: null })).toEqual({
      outcome: 'attempted',
      event: 'case.follow_up_attempted',
    });
  });

  it.each([
    [true, 'satisfied', { outcome: 'closed', event: 'case.closed' }],
    [true, 'basically_satisfied', { outcome: 'closed', event: 'case.closed' }],
    [true, 'unsatisfied', { outcome: 'reopened', event: 'case.reopened', reason: 'unsatisfied' }],
    [false, 'satisfied', { outcome: 'reopened', event: 'case.reopened', reason: 'unresolved' }],
    [false, 'basically_satisfied', { outcome: 'reopened', event: 'case.reopened', reason: 'unresolved' }],
    [false, 'unsatisfied', { outcome: 'reopened', event: 'case.reopened', reason: 'unresolved' }],
  ] as const)('reached, resolved=%s, %s → %o', (resolved, satisfaction, expected) => {
    expect(decideFollowUpOutcome(reached(resolved, satisfaction))).toEqual(expected);
  });

  it('knows every satisfaction level the table above covers', () => {
    expect(SATISFACTION_LEVELS).toEqual(['satisfied', 'basically_satisfied', 'unsatisfied']);
  });
});

describe('decideFollowUpMove', () => {
  const closing = decideFollowUpOutcome(reached(true, 'satisfied'));
  const reopening = decideFollowUpOutcome(reached(true, 'unsatisfied'));
  const attempt = decideFollowUpOutcome({ reached: false, note: null, operatorId: null });

  it('is due only after feedback or a missed deadline', () => {
    expect(CASE_STATUSES.filter(isFollowUpDue)).toEqual(['feedback_submitted', 'awaiting_follow_up']);
  });

  it('moves a due follow-up to closed or reopened, and keeps the status after an attempt', () => {
    expect(decideFollowUpMove('feedback_submitted', closing)).toEqual({ ok: true, to: 'closed' });
    expect(decideFollowUpMove('awaiting_follow_up', reopening)).toEqual({ ok: true, to: 'reopened' });
    expect(decideFollowUpMove('feedback_submitted', attempt)).toEqual({ ok: true, to: 'feedback_submitted' });
    expect(decideFollowUpMove('awaiting_follow_up', attempt)).toEqual({ ok: true, to: 'awaiting_follow_up' });
  });

  it.each(CASE_STATUSES.filter((status) => !isFollowUpDue(status)))('refuses any follow-up when the case is %s', (status) => {
    for (const outcome of [closing, reopening, attempt]) {
      expect(decideFollowUpMove(status, outcome)).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    }
  });
});
