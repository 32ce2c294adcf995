import type { CaseStatus } from './case-status';

export type Open311Status = 'open' | 'closed';

// GeoReport v2 knows only open/closed: "closed" means nothing is pending with a handling unit.
const OPEN311_STATUS_BY_CASE_STATUS: Readonly<Record<CaseStatus, Open311Status>> = {
  received: 'open',
  filed: 'open',
  not_filed: 'closed',
  classified: 'open',
  answered: 'closed',
  transferred: 'closed',
  merged: 'closed',
  declined: 'closed',
  dispatched: 'open',
  signed: 'open',
  dispute_pending: 'open',
  extension_pending: 'open',
  feedback_submitted: 'open', // follow-up call (回访) still pending
  feedback_approved: 'open', // follow-up call (回访) due
  awaiting_follow_up: 'open',
  reopened: 'open',
  closed: 'closed',
  under_appeal: 'closed', // the appeal concerns the unit's score, not the citizen's request
};

export function toOpen311Status(status: CaseStatus): Open311Status {
  return OPEN311_STATUS_BY_CASE_STATUS[status];
}
