import { ENDED_STATUSES, allowedEvents, hasEnded, isTerminal, transition } from './transition';
import { CASE_EVENT_TYPES, type CaseEventType } from './case-event-type';
import { CASE_STATUSES, type CaseStatus } from './case-status';

// Written out independently of TRANSITION_ROWS: one line per legal (from, event) pair.
const EXPECTED: ReadonlyArray<readonly [CaseStatus | null, CaseEventType, CaseStatus]> = [
  [null, 'case.received', 'received'],
  ['received', 'case.filed', 'filed'],
  ['received', 'case.filing_rejected', 'not_filed'],
  ['received', 'case.classified', 'classified'],
  ['filed', 'case.classified', 'classified'],
  ['received', 'case.answered', 'answered'],
  ['received', 'case.transferred', 'transferred'],
  ['received', 'case.merged', 'merged'],
  ['received', 'case.declined', 'declined'],
  ['classified', 'case.answered', 'answered'],
  ['classified', 'case.transferred', 'transferred'],
  ['classified', 'case.merged', 'merged'],
  ['classified', 'case.declined', 'declined'],
  ['classified', 'case.dispatched', 'dispatched'],
  ['reopened', 'case.dispatched', 'dispatched'],
  ['dispute_pending', 'case.redispatched', 'dispatched'],
  ['dispatched', 'case.signed', 'signed'],
  ['dispatched', 'case.merged', 'merged'],
  ['signed', 'case.merged', 'merged'],
  ['dispatched', 'case.dispute_raised', 'dispute_pending'],
  ['signed', 'case.dispute_raised', 'dispute_pending'],
  ['dispute_pending', 'case.dispute_rejected', 'signed'],
  ['signed', 'case.extension_requested', 'extension_pending'],
  ['extension_pending', 'case.extension_approved', 'signed'],
  ['extension_pending', 'case.extension_rejected', 'signed'],
  ['signed', 'case.feedback_submitted', 'feedback_submitted'],
  ['awaiting_follow_up', 'case.feedback_submitted', 'feedback_submitted'],
  ['feedback_submitted', 'case.feedback_returned', 'signed'],
  ['feedback_submitted', 'case.feedback_approved', 'feedback_approved'],
  ['feedback_submitted', 'case.inspected', 'feedback_submitted'],
  ['feedback_submitted', 'case.rework_ordered', 'signed'],
  ['feedback_submitted', 'case.survey_issued', 'feedback_submitted'],
  ['feedback_approved', 'case.survey_issued', 'feedback_approved'],
  ['awaiting_follow_up', 'case.survey_issued', 'awaiting_follow_up'],
  ['feedback_approved', 'case.follow_up_attempted', 'feedback_approved'],
  ['feedback_approved', 'case.closed', 'closed'],
  ['feedback_approved', 'case.reopened', 'reopened'],
  ['dispatched', 'case.deadline_passed', 'awaiting_follow_up'],
  ['signed', 'case.deadline_passed', 'awaiting_follow_up'],
  ['extension_pending', 'case.deadline_passed', 'awaiting_follow_up'],
  ['feedback_submitted', 'case.follow_up_attempted', 'feedback_submitted'],
  ['awaiting_follow_up', 'case.follow_up_attempted', 'awaiting_follow_up'],
  ['feedback_submitted', 'case.closed', 'closed'],
  ['awaiting_follow_up', 'case.closed', 'closed'],
  ['feedback_submitted', 'case.reopened', 'reopened'],
  ['awaiting_follow_up', 'case.reopened', 'reopened'],
  ['closed', 'case.reopened', 'reopened'],
  ['closed', 'case.appeal_filed', 'under_appeal'],
  ['under_appeal', 'case.appeal_decided', 'closed'],
  ...(['dispatched', 'signed', 'dispute_pending', 'extension_pending', 'feedback_submitted', 'feedback_approved', 'awaiting_follow_up'] as const).flatMap(
    (status): Array<readonly [CaseStatus, CaseEventType, CaseStatus]> => [
      [status, 'case.deadline_warning', status],
      [status, 'case.supervised', status],
    ],
  ),
  ['answered', 'case.personal_data_erased', 'answered'],
  ['transferred', 'case.personal_data_erased', 'transferred'],
  ['merged', 'case.personal_data_erased', 'merged'],
  ['declined', 'case.personal_data_erased', 'declined'],
  ['not_filed', 'case.personal_data_erased', 'not_filed'],
  ['closed', 'case.personal_data_erased', 'closed'],
  ['under_appeal', 'case.personal_data_erased', 'under_appeal'],
  // 协办 and 吹哨 while a unit still owes its reply; 报到 (or its absence) whatever the case has become since.
  ...(['dispatched', 'signed', 'dispute_pending', 'extension_pending', 'awaiting_follow_up'] as const).flatMap((status) => [
    [status, 'case.co_handler_reported', status] as const,
    [status, 'case.whistle_blown', status] as const,
  ]),
  ...(['dispatched', 'signed', 'dispute_pending', 'extension_pending', 'awaiting_follow_up', 'feedback_submitted', 'feedback_approved', 'reopened', 'closed', 'under_appeal'] as const).flatMap(
    (status) => [[status, 'case.checked_in', status] as const, [status, 'case.check_in_missed', status] as const],
  ),
];

const expectedNext = new Map(EXPECTED.map(([from, event, to]) => [`${String(from)}|${event}`, to]));

const ALL_PAIRS = [null, ...CASE_STATUSES].flatMap((from) =>
  CASE_EVENT_TYPES.map((event) => ({ from, event, to: expectedNext.get(`${String(from)}|${event}`) })),
);

describe('case transition table', () => {
  it('lists exactly the agreed statuses', () => {
    expect(CASE_STATUSES).toEqual([
      'received', 'filed', 'not_filed', 'classified', 'answered', 'transferred', 'merged', 'declined', 'dispatched', 'signed',
      'dispute_pending', 'extension_pending', 'feedback_submitted', 'feedback_approved', 'awaiting_follow_up', 'reopened',
      'closed', 'under_appeal',
    ]);
  });

  it('lists exactly the agreed event types', () => {
    expect(CASE_EVENT_TYPES).toEqual([
      'case.received', 'case.filed', 'case.filing_rejected', 'case.classified', 'case.answered', 'case.transferred', 'case.merged', 'case.declined',
      'case.dispatched', 'case.redispatched', 'case.signed', 'case.dispute_raised', 'case.dispute_rejected',
      'case.extension_requested', 'case.extension_approved', 'case.extension_rejected',
      'case.co_handler_reported', 'case.whistle_blown', 'case.checked_in', 'case.check_in_missed',
      'case.feedback_submitted', 'case.feedback_returned', 'case.feedback_approved', 'case.inspected',
      'case.rework_ordered', 'case.deadline_passed', 'case.deadline_warning',
      'case.supervised', 'case.survey_issued', 'case.follow_up_attempted',
      'case.closed', 'case.reopened', 'case.appeal_filed', 'case.appeal_decided', 'case.personal_data_erased',
    ]);
  });

  it('checks every (status or initial) × event pair', () => {
    expect(ALL_PAIRS).toHaveLength((CASE_STATUSES.length + 1) * CASE_EVENT_TYPES.length);
  });

  it.each(ALL_PAIRS.filter((p) => p.to !== undefined))('moves a $from case on $event to $to', ({ from, event, to }) => {
    expect(transition(from, event)).toEqual({ ok: true, from, event, to });
  });

  it.each(ALL_PAIRS.filter((p) => p.to === undefined))('refuses $event for a $from case', ({ from, event }) => {
    const result = transition(from, event);
    expect(result).toEqual({
      ok: false,
      from,
      event,
      error: { code: 'CASE.ILLEGAL_TRANSITION', message: expect.stringContaining(event) },
    });
  });
});

describe('transition error message', () => {
  it('names the event, the current status and what is allowed instead', () => {
    const result = transition('closed', 'case.signed');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe(
      'case.signed is not allowed when the case is closed; allowed: case.reopened, case.appeal_filed, case.checked_in, case.check_in_missed, case.personal_data_erased',
    );
  });

  it('explains that nothing can happen before the case is received', () => {
    const result = transition(null, 'case.signed');
    expect(!result.ok && result.error.message).toBe(
      'case.signed is not allowed before the case has been received; allowed: case.received',
    );
  });

  it('says when an ended order allows nothing but retention\'s erasure', () => {
    const merged = transition('merged', 'case.reopened');
    expect(!merged.ok && merged.error.message).toBe(
      'case.reopened is not allowed when the case is merged; allowed: case.personal_data_erased',
    );
  });
});

describe('allowedEvents', () => {
  it.each([null, ...CASE_STATUSES])('lists for %s exactly the events the expected table allows', (from) => {
    const expected = EXPECTED.filter(([f]) => f === from).map(([, event]) => event);
    expect([...allowedEvents(from)].sort()).toEqual([...expected].sort());
  });
});

describe('isTerminal', () => {
  it('holds only for orders ended at intake without dispatch', () => {
    expect(CASE_STATUSES.filter(isTerminal)).toEqual(['not_filed', 'answered', 'transferred', 'merged', 'declined']);
  });

  it('does not hold for closed, which can still be reopened or appealed', () => {
    expect(isTerminal('closed')).toBe(false);
  });
});

describe('hasEnded', () => {
  it('holds for the intake endings, closed and under appeal: the statuses whose personal data retention erases', () => {
    expect(ENDED_STATUSES).toEqual(['not_filed', 'answered', 'transferred', 'merged', 'declined', 'closed', 'under_appeal']);
    expect(CASE_STATUSES.filter(hasEnded)).toEqual(ENDED_STATUSES);
  });

  it('does not hold for a reopened case, whose retention period restarts at its next closing', () => {
    expect(hasEnded('reopened')).toBe(false);
  });
});
