import type { CaseEventType } from '@hotline/case-lifecycle';

/** The events that move a follow-up: the ones feedback consumes and the ones it emits. */
export const FEEDBACK_TRACKED_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'case.received',
  'case.answered',
  'case.transferred',
  'case.merged',
  'case.declined',
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.feedback_approved',
  'case.inspected',
  'case.rework_ordered',
  'case.survey_issued',
  'case.deadline_passed',
  'case.follow_up_attempted',
  'case.closed',
  'case.reopened',
  'case.personal_data_erased',
]);
