import { z } from 'zod';
import { defineEvent } from '../define-event';
import { DISPUTE_DECIDERS, DISPUTE_REASONS, FEEDBACK_OUTCOMES, isoDateTime } from './shared-fields';

const agencyId = z.string().min(1);

// 签收
export const CaseSignedV1 = defineEvent('case.signed', 1, z.object({ agencyId, signedBy: z.string().nullable() }));
export type CaseSignedV1 = z.infer<typeof CaseSignedV1.schema>;

// 派单异议 / 退单: wrong area, unclear ownership, overlapping duties, not in remit.
// `not_in_remit` widened the enum: every message sent before still parses (see the golden fixture).
export const CaseDisputeRaisedV1 = defineEvent(
  'case.dispute_raised',
  1,
  z.object({
    agencyId,
    reason: z.enum(DISPUTE_REASONS),
    explanation: z.string().min(1),
    // The dispatch round the unit returns.
    round: z.number().int().positive().optional(),
  }),
);
export type CaseDisputeRaisedV1 = z.infer<typeof CaseDisputeRaisedV1.schema>;

export const CaseDisputeRejectedV1 = defineEvent(
  'case.dispute_rejected',
  1,
  z.object({ agencyId, reviewerId: z.string().nullable(), explanation: z.string().min(1), decidedBy: z.enum(DISPUTE_DECIDERS).optional() }),
);
export type CaseDisputeRejectedV1 = z.infer<typeof CaseDisputeRejectedV1.schema>;

// 延期
export const CaseExtensionRequestedV1 = defineEvent(
  'case.extension_requested',
  1,
  // currentDeadline: the feedback deadline the unit asks to move.
  z.object({ agencyId, requestedDeadline: isoDateTime, reason: z.string().min(1), currentDeadline: isoDateTime.optional() }),
);
export type CaseExtensionRequestedV1 = z.infer<typeof CaseExtensionRequestedV1.schema>;

export const CaseExtensionApprovedV1 = defineEvent(
  'case.extension_approved',
  1,
  // The feedback clock moves to newDeadline; the citizen is told (DOMAIN §3 step 6), with the unit's reason.
  z.object({
    agencyId,
    newDeadline: isoDateTime,
    reviewerId: z.string().nullable(),
    previousDeadline: isoDateTime.optional(),
    reason: z.string().min(1).optional(),
  }),
);
export type CaseExtensionApprovedV1 = z.infer<typeof CaseExtensionApprovedV1.schema>;

export const CaseExtensionRejectedV1 = defineEvent(
  'case.extension_rejected',
  1,
  z.object({ agencyId, reviewerId: z.string().nullable(), explanation: z.string().min(1) }),
);
export type CaseExtensionRejectedV1 = z.infer<typeof CaseExtensionRejectedV1.schema>;

// 办结反馈
export const CaseFeedbackSubmittedV1 = defineEvent(
  'case.feedback_submitted',
  1,
  z.object({
    agencyId,
    outcome: z.enum(FEEDBACK_OUTCOMES),
    reply: z.string().min(1).max(4000),
    // Added with co-handling; optional so that messages sent before still parse (absent = no co-handlers).
    coHandlers: z
      .array(z.object({ agencyId, reportedAt: isoDateTime.nullable() }))
      .optional()
      .describe("协办: the round's co-handlers and when each reported to the lead (null: it had not reported)"),
  }),
);
export type CaseFeedbackSubmittedV1 = z.infer<typeof CaseFeedbackSubmittedV1.schema>;

// 答非所问 and similar: the centre sends the reply back to the unit.
export const FEEDBACK_RETURN_REASONS = ['off_topic', 'no_evidence', 'incomplete', 'other'] as const;
export type FeedbackReturnReason = (typeof FEEDBACK_RETURN_REASONS)[number];

export const CaseFeedbackReturnedV1 = defineEvent(
  'case.feedback_returned',
  1,
  z.object({
    agencyId,
    reviewerId: z.string().nullable(),
    explanation: z.string().min(1),
    reason: z
      .enum(FEEDBACK_RETURN_REASONS)
      .optional()
      .describe('答非所问 (off_topic), no evidence (no_evidence), or other; absent in messages before issue 8'),
  }),
);
export type CaseFeedbackReturnedV1 = z.infer<typeof CaseFeedbackReturnedV1.schema>;

// 审核通过: the centre accepts the unit's reply; the follow-up call becomes due.
export const CaseFeedbackApprovedV1 = defineEvent(
  'case.feedback_approved',
  1,
  z.object({ agencyId, reviewerId: z.string().nullable(), note: z.string().max(2000).nullable() }),
);
export type CaseFeedbackApprovedV1 = z.infer<typeof CaseFeedbackApprovedV1.schema>;

export const CaseDeadlinePassedV1 = defineEvent(
  'case.deadline_passed',
  1,
  z.object({ agencyId, deadline: isoDateTime }),
);
export type CaseDeadlinePassedV1 = z.infer<typeof CaseDeadlinePassedV1.schema>;
