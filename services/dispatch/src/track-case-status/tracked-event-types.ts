import { CASE_EVENT_TYPES, type CaseEventType } from '@hotline/case-lifecycle';

// Dispatch sets classified and dispatched itself, and handles a reopen; it follows every other move of a
// case it holds so that a later case.reopened is checked against the status the case really has.
// Returns and extension requests open a review at dispatch, whose decisions dispatch itself emits.
// A dispatched case is merged only by a dispatcher's confirmation here; classification's automatic
// merges end a case before dispatch hears of it.
const SET_BY_DISPATCH: ReadonlySet<CaseEventType> = new Set([
  'case.received',
  'case.classified',
  'case.merged',
  'case.dispatched',
  'case.redispatched',
  'case.reopened',
  'case.dispute_raised',
  'case.dispute_rejected',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
]);

export const TRACKED_EVENT_TYPES: readonly CaseEventType[] = CASE_EVENT_TYPES.filter((type) => !SET_BY_DISPATCH.has(type));
