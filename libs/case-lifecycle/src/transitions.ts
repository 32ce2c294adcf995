import type { CaseEventType } from './case-event-type';
import type { CaseStatus } from './case-status';

// `null` is the state before a work order exists.
export type CaseStatusOrInitial = CaseStatus | null;

export type TransitionRow = {
  readonly from: readonly CaseStatusOrInitial[];
  readonly event: CaseEventType;
  readonly to: CaseStatus;
};

// A unit holds the case (or its reply awaits the follow-up call) and a clock may still run or be overdue.
const OPEN_FOR_SUPERVISION: readonly CaseStatus[] = [
  'dispatched',
  'signed',
  'dispute_pending',
  'extension_pending',
  'feedback_submitted',
  'feedback_approved',
  'awaiting_follow_up',
];

// A unit still owes its reply: co-handlers report to the lead (协办) and the lead may summon departments (吹哨).
const HANDLING: readonly CaseStatus[] = ['dispatched', 'signed', 'dispute_pending', 'extension_pending', 'awaiting_follow_up'];
// A summoned department checks in (报到), or misses it, whatever the case has become since the whistle.
const AFTER_DISPATCH: readonly CaseStatus[] = [...HANDLING, 'feedback_submitted', 'feedback_approved', 'reopened', 'closed', 'under_appeal'];
// The follow-up call is due: the reply is in (and approved where review is required) or the deadline passed.
const FOLLOW_UP_DUE: readonly CaseStatus[] = ['feedback_submitted', 'feedback_approved', 'awaiting_follow_up'];

// Every legal move of a case; anything not listed is CASE.ILLEGAL_TRANSITION.
export const TRANSITION_ROWS: readonly TransitionRow[] = [
  { from: [null], event: 'case.received', to: 'received' }, // 受理: every request becomes a work order
  { from: ['received'], event: 'case.filed', to: 'filed' }, // 立案: the centre verified a grid report
  { from: ['received'], event: 'case.filing_rejected', to: 'not_filed' }, // grid report not filed, with a reason
  { from: ['received', 'filed'], event: 'case.classified', to: 'classified' }, // 分类处理
  { from: ['received', 'classified'], event: 'case.answered', to: 'answered' }, // 咨询 answered from the knowledge base
  { from: ['received', 'classified'], event: 'case.transferred', to: 'transferred' }, // emergency → 110/119/120/122
  { from: ['received', 'classified'], event: 'case.merged', to: 'merged' }, // 并案: repeat with nothing new
  // 并案 confirmed by a dispatcher: a flagged repeat already dispatched joins its parent; the unit's order is withdrawn.
  // Not once a return, an extension or a reply is pending: that is decided first.
  { from: ['dispatched', 'signed'], event: 'case.merged', to: 'merged' },
  { from: ['received', 'classified'], event: 'case.declined', to: 'declined' }, // courts/petition channel, no remit, unlawful
  { from: ['classified', 'reopened'], event: 'case.dispatched', to: 'dispatched' }, // 派单 / 重办 dispatched again
  { from: ['dispute_pending'], event: 'case.redispatched', to: 'dispatched' }, // 改派: objection upheld, a new unit
  { from: ['dispatched'], event: 'case.signed', to: 'signed' }, // 签收
  { from: ['dispatched', 'signed'], event: 'case.dispute_raised', to: 'dispute_pending' }, // 派单异议 / 退单
  { from: ['dispute_pending'], event: 'case.dispute_rejected', to: 'signed' }, // 首接负责: unit keeps it, deemed signed
  { from: ['signed'], event: 'case.extension_requested', to: 'extension_pending' }, // 延期申请
  { from: ['extension_pending'], event: 'case.extension_approved', to: 'signed' }, // deadline moves, handling continues
  { from: ['extension_pending'], event: 'case.extension_rejected', to: 'signed' }, // original deadline stands
  { from: ['signed', 'awaiting_follow_up'], event: 'case.feedback_submitted', to: 'feedback_submitted' }, // 办结反馈 (late is allowed)
  { from: ['feedback_submitted'], event: 'case.feedback_returned', to: 'signed' }, // centre sends reply back (答非所问)
  { from: ['feedback_submitted'], event: 'case.feedback_approved', to: 'feedback_approved' }, // 审核通过: 回访 due
  { from: ['feedback_submitted'], event: 'case.inspected', to: 'feedback_submitted' }, // 核查: followed by closed or rework
  { from: ['feedback_submitted'], event: 'case.rework_ordered', to: 'signed' }, // 返工: the check failed
  { from: ['dispatched', 'signed', 'extension_pending'], event: 'case.deadline_passed', to: 'awaiting_follow_up' }, // 超期, 回访 due
  ...FOLLOW_UP_DUE.flatMap((status): TransitionRow[] => [
    { from: [status], event: 'case.follow_up_attempted', to: status }, // 回访: citizen not reached
    { from: [status], event: 'case.survey_issued', to: status }, // 回访 by SMS: a survey link was sent
  ]),
  { from: FOLLOW_UP_DUE, event: 'case.closed', to: 'closed' }, // 回访 done (or unreachable, or 核查 passed), order closed
  { from: [...FOLLOW_UP_DUE, 'closed'], event: 'case.reopened', to: 'reopened' }, // 重办: unresolved/unsatisfied
  { from: ['closed'], event: 'case.appeal_filed', to: 'under_appeal' }, // 申诉: exclude from the unit's score
  { from: ['under_appeal'], event: 'case.appeal_decided', to: 'closed' }, // outcome only affects 考评, the case stays closed
  // 预警 and 督办: supervision's clocks warn and escalate while a unit holds the case; the status stays.
  ...OPEN_FOR_SUPERVISION.flatMap((status): TransitionRow[] => [
    { from: [status], event: 'case.deadline_warning', to: status },
    { from: [status], event: 'case.supervised', to: status },
  ]),
  // 协办 and 吹哨报到 record who did what; the status stays.
  ...HANDLING.flatMap((status): TransitionRow[] => [
    { from: [status], event: 'case.co_handler_reported', to: status },
    { from: [status], event: 'case.whistle_blown', to: status },
  ]),
  ...AFTER_DISPATCH.flatMap((status): TransitionRow[] => [
    { from: [status], event: 'case.checked_in', to: status },
    { from: [status], event: 'case.check_in_missed', to: status },
  ]),
  // Retention: once an order has ended, the reporter's contact is erased; the case keeps its status.
  { from: ['answered'], event: 'case.personal_data_erased', to: 'answered' },
  { from: ['transferred'], event: 'case.personal_data_erased', to: 'transferred' },
  { from: ['merged'], event: 'case.personal_data_erased', to: 'merged' },
  { from: ['declined'], event: 'case.personal_data_erased', to: 'declined' },
  { from: ['not_filed'], event: 'case.personal_data_erased', to: 'not_filed' },
  { from: ['closed'], event: 'case.personal_data_erased', to: 'closed' },
  { from: ['under_appeal'], event: 'case.personal_data_erased', to: 'under_appeal' },
];

function indexRows(
  rows: readonly TransitionRow[],
): ReadonlyMap<CaseStatusOrInitial, ReadonlyMap<CaseEventType, CaseStatus>> {
  const table = new Map<CaseStatusOrInitial, Map<CaseEventType, CaseStatus>>();
  for (const { from, event, to } of rows) {
    for (const status of from) {
      const byEvent = table.get(status) ?? new Map<CaseEventType, CaseStatus>();
      // Two rows for one (status, event) would make the machine ambiguous: fail at load, not at run time.
      if (byEvent.has(event)) {
        throw new Error(`Duplicate transition row for ${String(status)} + ${event}`);
      }
      byEvent.set(event, to);
      table.set(status, byEvent);
    }
  }
  return table;
}

// status × event → next status, indexed from TRANSITION_ROWS.
export const TRANSITIONS = indexRows(TRANSITION_ROWS);
