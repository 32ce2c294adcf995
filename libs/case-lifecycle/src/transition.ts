import type { CaseEventType } from './case-event-type';
import { CASE_STATUSES, type CaseStatus } from './case-status';
import { TRANSITIONS, type CaseStatusOrInitial } from './transitions';

export type IllegalTransitionError = {
  readonly code: 'CASE.ILLEGAL_TRANSITION';
  readonly message: string;
};

export type TransitionResult =
  | { readonly ok: true; readonly from: CaseStatusOrInitial; readonly event: CaseEventType; readonly to: CaseStatus }
  | {
      readonly ok: false;
      readonly from: CaseStatusOrInitial;
      readonly event: CaseEventType;
      readonly error: IllegalTransitionError;
    };

export function allowedEvents(from: CaseStatusOrInitial): readonly CaseEventType[] {
  return [...(TRANSITIONS.get(from)?.keys() ?? [])];
}

export function transition(from: CaseStatusOrInitial, event: CaseEventType): TransitionResult {
  const to = TRANSITIONS.get(from)?.get(event);
  if (to !== undefined) {
    return { ok: true, from, event, to };
  }
  return {
    ok: false,
    from,
    event,
    error: { code: 'CASE.ILLEGAL_TRANSITION', message: illegalTransitionMessage(from, event) },
  };
}

// A terminal status admits no further move of the case. Only the four intake endings qualify:
// `closed` is not terminal because it can still be reopened (重办) or appealed (申诉). Retention's
// erasure of the contact leaves the status as it is, so it does not count.
export function isTerminal(status: CaseStatus): boolean {
  return allowedEvents(status).every((event) => event === 'case.personal_data_erased');
}

/**
 * The order has ended: closed after the follow-up call (or under appeal, which keeps it closed), or
 * ended at intake without dispatch. Its retention period runs from then; a reopening restarts it.
 * Read from the table: erasure is allowed exactly where a case has ended.
 */
export function hasEnded(status: CaseStatus): boolean {
  return transition(status, 'case.personal_data_erased').ok;
}

export const ENDED_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(hasEnded);

function illegalTransitionMessage(from: CaseStatusOrInitial, event: CaseEventType): string {
  const where = from === null ? 'before the case has been received' : `when the case is ${from}`;
  const allowed = allowedEvents(from);
  const hint = allowed.length === 0 ? 'no further event is allowed' : `allowed: ${allowed.join(', ')}`;
  return `${event} is not allowed ${where}; ${hint}`;
}
