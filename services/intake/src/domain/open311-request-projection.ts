import { toOpen311Status, transition, type CaseStatus, type Open311Status } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';

/** What Open311 clients may see of a case, folded from its events (never the reporter's contact). */
export interface Open311RequestState {
  trackingNumber: string | null;
  caseStatus: CaseStatus | null;
  channel: string | null;
  category: string | null;
  categoryName: string | null;
  description: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  agencyName: string | null;
  deadline: Date | null;
  requestedAt: Date | null;
  updatedAt: Date | null;
  statusNote: string | null;
  /** 并案: the case this one joined (Open311 shows that case's progress). */
  mergedIntoCaseId: string | null;
}

export const EMPTY_OPEN311_REQUEST: Open311RequestState = {
  trackingNumber: null,
  caseStatus: null,
  channel: null,
  category: null,
  categoryName: null,
  description: null,
  address: null,
  lat: null,
  lng: null,
  agencyName: null,
  deadline: null,
  requestedAt: null,
  updatedAt: null,
  statusNote: null,
  mergedIntoCaseId: null,
};

/** One entry of the public notes history (`extensions=true`, `servicerequestupdates`). */
export interface Open311Update {
  status: Open311Status;
  description: string;
  updatedAt: Date;
}

export interface Open311Projection {
  state: Open311RequestState;
  /** A public note when the event tells the citizen something; internal steps (disputes, reviews) tell nothing. */
  update: Open311Update | null;
}

const DATE_FORMAT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
const TRANSFER_NAMES: Readonly<Record<string, string>> = { '110': '110 公安', '119': '119 消防', '120': '120 急救', '122': '122 交警' };

/**
 * Folds one case event into the Open311 view. An event the state machine does not allow from the
 * current status (seen out of order, or replayed) keeps the status; its facts still apply, and its
 * note only if nothing later has been seen.
 */
export function projectOpen311Event(state: Open311RequestState, event: CaseEvent): Open311Projection {
  const at = new Date(event.occurredAt);
  const moved = transition(state.caseStatus, event.type);
  const caseStatus = moved.ok ? moved.to : state.caseStatus;
  const note = publicNoteOf(event);
  const next: Open311RequestState = {
    ...state,
    ...factsOf(event),
    caseStatus,
    updatedAt: state.updatedAt && state.updatedAt > at ? state.updatedAt : at,
    // The latest note by when it happened: an earlier event seen late (case.received relayed after the
    // closing events) never overwrites a newer note.
    statusNote: note !== null && !(state.updatedAt && state.updatedAt > at) ? note : state.statusNote,
  };
  const update = note && caseStatus ? { status: toOpen311Status(caseStatus), description: note, updatedAt: at } : null;
  return { state: next, update };
}

function factsOf(event: CaseEvent): Partial<Open311RequestState> {
  switch (event.type) {
    case 'case.received': {
      const { trackingNumber, channel, description, address, location, reportedAt } = event.payload;
      return { trackingNumber, channel, description, address, lat: location?.lat ?? null, lng: location?.lng ?? null, requestedAt: new Date(reportedAt) };
    }
    case 'case.classified':
      return { category: event.payload.category, categoryName: event.payload.categoryName };
    case 'case.dispatched':
    case 'case.redispatched':
      return { agencyName: event.payload.agencyName, deadline: new Date(event.payload.deadline) };
    case 'case.extension_approved':
      return { deadline: new Date(event.payload.newDeadline) };
    case 'case.merged':
      return { mergedIntoCaseId: event.payload.intoCaseId };
    case 'case.filed':
    case 'case.filing_rejected':
    case 'case.feedback_approved':
    case 'case.inspected':
    case 'case.rework_ordered':
    case 'case.survey_issued':
    case 'case.answered':
    case 'case.transferred':
    case 'case.declined':
    case 'case.signed':
    case 'case.dispute_raised':
    case 'case.dispute_rejected':
    case 'case.extension_requested':
    case 'case.extension_rejected':
    case 'case.feedback_submitted':
    case 'case.feedback_returned':
    case 'case.deadline_passed':
    case 'case.deadline_warning':
    case 'case.supervised':
    case 'case.co_handler_reported':
    case 'case.whistle_blown':
    case 'case.checked_in':
    case 'case.check_in_missed':
    case 'case.follow_up_attempted':
    case 'case.closed':
    case 'case.reopened':
    case 'case.appeal_filed':
    case 'case.appeal_decided':
    case 'case.personal_data_erased':
      return {};
  }
}

// Words for the citizen: the unit's reply and the outcome, never reviewers, operators or internal reasons.
function publicNoteOf(event: CaseEvent): string | null {
  switch (event.type) {
    case 'case.received':
      return '已受理 Received';
    case 'case.answered':
      return event.payload.answer;
    case 'case.transferred':
      return `已转 ${TRANSFER_NAMES[event.payload.transferredTo] ?? event.payload.transferredTo} Transferred to ${event.payload.transferredTo}`;
    case 'case.merged':
      return '与已有工单合并办理 Merged with an existing request about the same matter';
    case 'case.declined':
      // Another legal channel: the explanation is written for the citizen and names where to go.
      return event.payload.reason === 'other_legal_channel'
        ? `不予受理，请通过其他法定途径办理 Declined: ${event.payload.explanation}`
        : '不予受理 Declined: outside the hotline\'s remit';
    case 'case.dispatched':
      return `已派 ${event.payload.agencyName}，办理时限 ${DATE_FORMAT.format(new Date(event.payload.deadline))}`;
    case 'case.redispatched':
      return `已改派 ${event.payload.agencyName}，办理时限 ${DATE_FORMAT.format(new Date(event.payload.deadline))}`;
    case 'case.signed':
      return '承办单位已签收 Signed for by the handling unit';
    case 'case.extension_approved':
      return `办理时限延至 ${DATE_FORMAT.format(new Date(event.payload.newDeadline))}`;
    case 'case.feedback_submitted':
      return event.payload.reply;
    case 'case.filed':
      return '已立案 Filed for handling';
    case 'case.filing_rejected':
      return '经核实不予立案 Not filed after verification';
    case 'case.closed':
      return event.payload.closedAs === 'inspection_passed'
        ? '核查通过，工单办结 Closed after the on-site check'
        : '回访完成，工单办结 Closed after the follow-up call';
    case 'case.reopened':
      return '重新办理 Reopened';
    case 'case.feedback_approved':
    case 'case.inspected':
    case 'case.rework_ordered':
    case 'case.survey_issued':
    case 'case.classified':
    case 'case.dispute_raised':
    case 'case.dispute_rejected':
    case 'case.extension_requested':
    case 'case.extension_rejected':
    case 'case.feedback_returned':
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
      return null;
  }
}
