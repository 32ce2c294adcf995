import { followStatus } from './follow-status';
import type { CaseEventType } from './case-event-type';

// The events a handling unit's view (the execution service) consumes or emits.
const EXECUTION_TRACKED_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.deadline_passed',
  'case.closed',
  'case.reopened',
]);

const follow = (current: Parameters<typeof followStatus>[0]['current'], event: Parameters<typeof followStatus>[0]['event']) =>
  followStatus({ current, event, tracked: EXECUTION_TRACKED_EVENTS });

describe('followStatus, from a service that sees only part of the lifecycle (execution)', () => {
  it('creates an assignment in dispatched from the first dispatch it sees', () => {
    expect(follow(undefined, 'case.dispatched')).toEqual({ ok: true, to: 'dispatched' });
  });

  it('follows a legal move directly', () => {
    expect(follow('feedback_submitted', 'case.closed')).toEqual({ ok: true, to: 'closed' });
    expect(follow('reopened', 'case.dispatched')).toEqual({ ok: true, to: 'dispatched' });
  });

  it('bridges events it does not track: a redispatch after a dispute it never saw', () => {
    expect(follow('signed', 'case.redispatched')).toEqual({ ok: true, to: 'dispatched' });
  });

  it('follows the deadline passing, and refuses returning feedback that was never given', () => {
    expect(follow('signed', 'case.deadline_passed')).toEqual({ ok: true, to: 'awaiting_follow_up' });
    expect(follow('dispatched', 'case.feedback_returned')).toMatchObject({ ok: false });
  });

  it('refuses what no untracked event can explain', () => {
    expect(follow('dispatched', 'case.closed')).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    expect(follow('signed', 'case.dispatched')).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    expect(follow('closed', 'case.dispatched')).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
  });

  it('refuses a first event whose destination depends on the status before it', () => {
    expect(follow(undefined, 'case.follow_up_attempted')).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
  });
});
