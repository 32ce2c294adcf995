import type { CaseStatus } from '@hotline/case-lifecycle';
import type { UnitRole } from '@hotline/contracts';

/**
 * The case events a unit may subscribe to: the ones execution sees, either consumed (dispatch and the
 * centre's decisions) or produced (the unit's own sign and feedback).
 */
export const WEBHOOK_EVENT_TYPES = [
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.feedback_approved',
  'case.rework_ordered',
  'case.deadline_passed',
  'case.closed',
  'case.reopened',
  // 并案 confirmed by a dispatcher: the order is withdrawn and leaves the unit's queue.
  'case.merged',
  'case.dispute_raised',
  'case.dispute_rejected',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The assignment as it stands after the event, which is all a delivery tells. */
export interface WebhookCaseState {
  caseId: string;
  agencyId: string;
  round: number;
  status: CaseStatus;
  deadline: Date;
  copiedTo: readonly string[];
  /** 协办; absent on states built before co-handling existed. */
  coHandlerIds?: readonly string[];
}

export interface WebhookRecipient {
  agencyId: string;
  role: UnitRole;
}

/**
 * Who hears of an event: the lead unit, its co-handlers and the units copied on the round; on 改派 also
 * the unit the case was taken from (`previous`), so it knows to stop. Each unit once, in its strongest role.
 */
export function webhookRecipients(state: WebhookCaseState, previousAgencyId?: string): WebhookRecipient[] {
  const recipients: WebhookRecipient[] = [{ agencyId: state.agencyId, role: 'lead' }];
  for (const agencyId of state.coHandlerIds ?? []) recipients.push({ agencyId, role: 'co_handler' });
  for (const agencyId of state.copiedTo) recipients.push({ agencyId, role: 'copy' });
  if (previousAgencyId) recipients.push({ agencyId: previousAgencyId, role: 'previous' });
  const seen = new Set<string>();
  return recipients.filter((recipient) => !seen.has(recipient.agencyId) && seen.add(recipient.agencyId));
}

/** What a unit's endpoint receives (the `data` of a delivery body); no reporter data, by construction. */
export interface WebhookBody {
  eventId: string;
  type: WebhookEventType;
  occurredAt: string;
  caseId: string;
  /** 1, 2, 3 … per subscription and case: a receiver can tell a gap or a repeat. */
  sequence: number;
  unitRole: UnitRole;
  case: { status: CaseStatus; round: number; leadAgencyId: string; copiedTo: string[]; deadline: string };
}

/**
 * A minimal projection, not the event envelope: the envelope's payloads may grow fields (and the
 * case's story, free text from the reporter, lives in other services), so a unit's endpoint gets
 * only ids, the event type and the assignment's state. The unit reads more through execution's API.
 */
export function webhookBody(input: { event: { eventId: string; type: WebhookEventType; occurredAt: string }; state: WebhookCaseState; sequence: number; role: UnitRole }): WebhookBody {
  const { event, state } = input;
  return {
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    caseId: state.caseId,
    sequence: input.sequence,
    unitRole: input.role,
    case: { status: state.status, round: state.round, leadAgencyId: state.agencyId, copiedTo: [...state.copiedTo], deadline: state.deadline.toISOString() },
  };
}
