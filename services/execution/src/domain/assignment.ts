import { transition, type CaseStatus } from '@hotline/case-lifecycle';
import type { UnitRole } from '@hotline/contracts';

/** What the domain needs to know about an order held by a handling unit (承办单位). */
export interface Assignment {
  caseId: string;
  agencyId: string;
  status: CaseStatus;
  deadline: Date;
}

/** The actions a unit takes on its order over HTTP. */
export type UnitAction = 'case.signed' | 'case.feedback_submitted' | 'case.dispute_raised' | 'case.extension_requested' | 'case.appeal_filed';

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

/** How a unit holds an order in its queue: it leads (主办), co-handles (协办) or got a read-only copy (抄送). */
export const QUEUE_ROLES = ['lead', 'co_handler', 'copy'] as const satisfies readonly UnitRole[];
export type QueueRole = (typeof QUEUE_ROLES)[number];

/** The units of an order; rows written before co-handling existed have no co-handlers. */
export type UnitHolding = Pick<Assignment, 'agencyId'> & { copiedTo?: readonly string[]; coHandlerIds?: readonly string[] };

export function roleOfUnit(assignment: UnitHolding, agencyId: string): QueueRole | null {
  if (assignment.agencyId === agencyId) return 'lead';
  if ((assignment.coHandlerIds ?? []).includes(agencyId)) return 'co_handler';
  if ((assignment.copiedTo ?? []).includes(agencyId)) return 'copy';
  return null;
}

const NOT_THE_LEAD: Readonly<Record<Exclude<QueueRole, 'lead'>, string>> = {
  co_handler: 'co-handles it (协办) and reports to the lead unit',
  copy: 'has a read-only copy (抄送)',
};

/**
 * Only the unit the order was dispatched to may sign it or report back: co-handlers report to the lead,
 * units copied on the dispatch (a street's district government) only watch it, and 首接负责 forbids
 * anyone else answering for it.
 */
export function decideUnitAction(assignment: Assignment & UnitHolding, input: { agencyId: string; action: UnitAction }): UnitActionDecision {
  const role = roleOfUnit(assignment, input.agencyId);
  if (role !== 'lead') {
    const how = role === null ? 'is not a unit of it' : NOT_THE_LEAD[role];
    return {
      ok: false,
      error: { code: 'CASE.WRONG_AGENCY', message: `case ${assignment.caseId} is dispatched to ${assignment.agencyId}; ${input.agencyId} ${how}` },
    };
  }
  const move = transition(assignment.status, input.action);
  if (!move.ok) return { ok: false, error: move.error };
  return { ok: true, to: move.to };
}

/** A unit sees an order it leads, co-handles or is copied on (a street's district government); any other is not there for it. */
export function isVisibleToUnit(assignment: UnitHolding, agencyId: string): boolean {
  return roleOfUnit(assignment, agencyId) !== null;
}

/** The deadline has passed while the unit still owes its feedback (超期). */
export function isOverdue(assignment: Pick<Assignment, 'status' | 'deadline'>, now: Date): boolean {
  return STATUSES_OWED_BY_THE_UNIT.has(assignment.status) && now.getTime() > assignment.deadline.getTime();
}
