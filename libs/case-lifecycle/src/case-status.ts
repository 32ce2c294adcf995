export const CASE_STATUSES = [
  'received', // 受理: a work order exists
  'filed', // 立案: a grid report the centre verified, to be classified and dispatched
  'not_filed', // a grid report the centre did not file (not found on site, not in the standard …); ends the order
  'classified', // 分类: request type known, not yet routed
  'answered', // consultation answered on the spot (咨询直接答复); ends the order
  'transferred', // emergency handed to 110/119/120/122; ends the order
  'merged', // 并案: repeat request folded into an existing order; ends the order
  'declined', // outside any remit, belongs to courts/arbitration/petition, or unlawful; ends the order
  'dispatched', // 派单: a handling unit holds it, not yet signed
  'signed', // 签收: the unit acknowledged and is handling it
  'dispute_pending', // 派单异议: the unit objected, the centre is reviewing
  'extension_pending', // 延期申请: the unit asked for more time
  'feedback_submitted', // 办结反馈: the unit reported a result
  'feedback_approved', // 审核通过: the centre accepted the reply; the follow-up call is due
  'awaiting_follow_up', // deadline passed without feedback; follow-up call still due (回访)
  'reopened', // 重办: unresolved or unsatisfied, to be dispatched again
  'closed', // 办结: followed up and closed (can still be reopened or appealed)
  'under_appeal', // 申诉: the unit asks to exclude the order from its score
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

const CASE_STATUS_SET: ReadonlySet<string> = new Set(CASE_STATUSES);

export function isCaseStatus(value: string): value is CaseStatus {
  return CASE_STATUS_SET.has(value);
}
