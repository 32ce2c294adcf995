import type { CaseEventType } from '@hotline/case-lifecycle';

/** The events that move an assignment: the ones execution consumes and the ones it emits. */
export const EXECUTION_TRACKED_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.dispute_raised',
  'case.dispute_rejected',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.feedback_approved',
  'case.rework_ordered',
  'case.deadline_passed',
  'case.merged',
  'case.closed',
  'case.reopened',
  'case.appeal_filed',
  'case.appeal_decided',
]);
