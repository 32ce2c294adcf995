import { transition, type CaseStatus } from '@hotline/case-lifecycle';

/** What the domain needs to know about an order held by a handling unit (承办单位). */
export interface Assignment {
  caseId: string;
  agencyId: string;
  status: CaseStatus;
  deadline: Date;
}

/** The actions a unit takes on its order over HTTP. */
export type UnitAction = 'case.signed' | 'case.feedback_submitted' | 'case.dispute_raised' | 'case.extension_requested';

export type UnitActionError = { code: 'CASE.WRONG_AGENCY' | 'CASE.ILLEGAL_TRANSITION'; message: string };
export type UnitActionDecision = { ok: true; to: CaseStatus } | { ok: false; error: UnitActionError };

// Until feedback is in, the order is the unit's to answer for; after that the follow-up call decides.
const STATUSES_OWED_BY_THE_UNIT: ReadonlySet<CaseStatus> = new Set<CaseStatus>([
  'dispatched',
  'signed',
  'dispute_pending',
  'extension_pending',
  'awaiting_follow_up',
]);

/**
 * Only the unit the order was dispatched to may sign it or report back: units copied on the dispatch
 * (a street's district government) only watch it, and 首接负责 forbids anyone else answering for it.
 */
export function decideUnitAction(assignment: Assignment, input: { agencyId: string; action: UnitAction }): UnitActionDecision {
  if (assignment.agencyId !== input.agencyId) {
    return {
      ok: false,
      error: { code: 'CASE.WRONG_AGENCY', message: `case ${assignment.caseId} is dispatched to another unit, not to ${input.agencyId}` },
    };
  }
  const move = transition(assignment.status, input.action);
  if (!move.ok) return { ok: false, error: move.error };
  return { ok: true, to: move.to };
}

/** A unit sees an order it leads or is copied on (a street's district government); any other is not there for it. */
export function isVisibleToUnit(assignment: Pick<Assignment, 'agencyId'> & { copiedTo: readonly string[] }, agencyId: string): boolean {
  return assignment.agencyId === agencyId || assignment.copiedTo.includes(agencyId);
}

/** The deadline has passed while the unit still owes its feedback (超期). */
export function isOverdue(assignment: Pick<Assignment, 'status' | 'deadline'>, now: Date): boolean {
  return STATUSES_OWED_BY_THE_UNIT.has(assignment.status) && now.getTime() > assignment.deadline.getTime();
}
