import { CASE_EVENT_TYPES, type CaseEventType } from '@hotline/case-lifecycle';

// Dispatch sets classified and dispatched itself, and handles a reopen; it follows every other move of a
// case it holds so that a later case.reopened is checked against the status the case really has.
const SET_BY_DISPATCH: ReadonlySet<CaseEventType> = new Set(['case.received', 'case.classified', 'case.dispatched', 'case.redispatched', 'case.reopened']);

export const TRACKED_EVENT_TYPES: readonly CaseEventType[] = CASE_EVENT_TYPES.filter((type) => !SET_BY_DISPATCH.has(type));
