export const CASE_EVENT_TYPES = [
  'case.received',
  'case.filed',
  'case.filing_rejected',
  'case.classified',
  'case.answered',
  'case.transferred',
  'case.merged',
  'case.declined',
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.dispute_raised',
  'case.dispute_rejected',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
  'case.co_handler_reported',
  'case.whistle_blown',
  'case.checked_in',
  'case.check_in_missed',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.feedback_approved',
  'case.inspected',
  'case.rework_ordered',
  'case.deadline_passed',
  'case.deadline_warning',
  'case.supervised',
  'case.survey_issued',
  'case.follow_up_attempted',
  'case.closed',
  'case.reopened',
  'case.appeal_filed',
  'case.appeal_decided',
  'case.personal_data_erased',
] as const;

export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

const CASE_EVENT_TYPE_SET: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

export function isCaseEventType(value: string): value is CaseEventType {
  return CASE_EVENT_TYPE_SET.has(value);
}
