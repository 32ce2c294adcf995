import { transition, type CaseStatus } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';

/** What an auditor sees of a case at a glance, folded from its recorded events. */
export interface CaseViewState {
  trackingNumber: string | null;
  status: CaseStatus | null;
  type: string | null;
  channel: string | null;
  category: string | null;
  categoryName: string | null;
  urgency: string | null;
  districtCode: string | null;
  districtName: string | null;
  /** The street/township (街乡镇) the case lies in, when classification found one; supervisors are scoped by it. */
  streetCode: string | null;
  agencyId: string | null;
  agencyName: string | null;
  deadline: Date | null;
  receivedAt: Date | null;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  feedbackAt: Date | null;
  closedAt: Date | null;
  lastEventType: string | null;
  lastEventAt: Date | null;
  eventCount: number;
  anomalies: number;
  lastAnomaly: string | null;
  /** 并案: the open case this one joined; its progress is this case's progress. */
  mergedIntoCaseId: string | null;
}

export const EMPTY_CASE_VIEW: CaseViewState = {
  trackingNumber: null,
  status: null,
  type: null,
  channel: null,
  category: null,
  categoryName: null,
  urgency: null,
  districtCode: null,
  districtName: null,
  streetCode: null,
  agencyId: null,
  agencyName: null,
  deadline: null,
  receivedAt: null,
  dispatchedAt: null,
  signedAt: null,
  feedbackAt: null,
  closedAt: null,
  lastEventType: null,
  lastEventAt: null,
  eventCount: 0,
  anomalies: 0,
  lastAnomaly: null,
  mergedIntoCaseId: null,
};

export interface ProjectionResult {
  view: CaseViewState;
  /** Why the event did not fit the state machine, when it did not. */
  anomaly: string | null;
}

/**
 * Folds one event into the view. An event that the state machine does not allow still happened: its
 * facts are applied and it is counted as an anomaly, but the status stays where it was.
 */
export function projectCaseEvent(view: CaseViewState, event: CaseEvent): ProjectionResult {
  const at = new Date(event.occurredAt);
  const moved = transition(view.status, event.type);
  const anomaly = moved.ok ? null : `${moved.error.message} (event ${event.eventId})`;
  const next: CaseViewState = {
    ...view,
    ...factsOf(event, view),
    status: moved.ok ? moved.to : view.status,
    lastEventType: event.type,
    lastEventAt: at,
    eventCount: view.eventCount + 1,
    anomalies: view.anomalies + (anomaly ? 1 : 0),
    lastAnomaly: anomaly ?? view.lastAnomaly,
  };
  return { view: next, anomaly };
}

function factsOf(event: CaseEvent, view: CaseViewState): Partial<CaseViewState> {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case 'case.received': {
      const { trackingNumber, type, channel } = event.payload;
      return { trackingNumber, type, channel, receivedAt: at };
    }
    case 'case.classified': {
      const { category, categoryName, urgency, districtCode, districtName, streetCode } = event.payload;
      return { category, categoryName, urgency, districtCode, districtName, streetCode };
    }
    case 'case.dispatched':
    case 'case.redispatched': {
      const { agencyId, agencyName, deadline } = event.payload;
      // A new handling round: the new unit has not signed or replied yet.
      return { agencyId, agencyName, deadline: new Date(deadline), dispatchedAt: at, signedAt: null, feedbackAt: null };
    }
    case 'case.signed':
      return { signedAt: at };
    case 'case.dispute_rejected':
      // 首接负责: the unit keeps the case and is deemed to have signed it.
      return { signedAt: view.signedAt ?? at };
    case 'case.extension_approved':
      return { deadline: new Date(event.payload.newDeadline) };
    case 'case.feedback_submitted':
      return { feedbackAt: at };
    case 'case.feedback_returned':
    case 'case.rework_ordered':
      // 答非所问, or 返工 after a failed on-site check: the reply no longer stands.
      return { feedbackAt: null };
    case 'case.closed':
      return { closedAt: at };
    case 'case.reopened':
      // 重办: the case is open again until a new closing.
      return { closedAt: null };
    case 'case.merged':
      return { mergedIntoCaseId: event.payload.intoCaseId };
    case 'case.filed':
    case 'case.filing_rejected':
    case 'case.feedback_approved':
    case 'case.inspected':
    case 'case.survey_issued':
    case 'case.answered':
    case 'case.transferred':
    case 'case.declined':
    case 'case.dispute_raised':
    case 'case.extension_requested':
    case 'case.extension_rejected':
    case 'case.deadline_passed':
    case 'case.deadline_warning':
    case 'case.supervised':
    case 'case.co_handler_reported':
    case 'case.whistle_blown':
    case 'case.checked_in':
    case 'case.check_in_missed':
    case 'case.follow_up_attempted':
    case 'case.appeal_filed':
    case 'case.appeal_decided':
    case 'case.personal_data_erased':
      return {};
  }
}
