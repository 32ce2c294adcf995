import { z } from 'zod';
import { defineEvent } from '../define-event';
import { followUpResultSchema, isoDateTime } from './shared-fields';

// 回访: the citizen could not be reached; the follow-up stays pending.
export const CaseFollowUpAttemptedV1 = defineEvent(
  'case.follow_up_attempted',
  1,
  z.object({ followUp: followUpResultSchema, attempt: z.number().int().positive() }),
);
export type CaseFollowUpAttemptedV1 = z.infer<typeof CaseFollowUpAttemptedV1.schema>;

// How an order was closed: by the follow-up desk's call, by the citizen's answer through the survey link
// (SMS), as unreachable once the retry policy ran out, or by a grid inspector's passed on-site check.
export const CLOSED_AS = ['follow_up', 'survey', 'unreachable', 'inspection_passed'] as const;
export type ClosedAs = (typeof CLOSED_AS)[number];

export const CaseClosedV1 = defineEvent(
  'case.closed',
  1,
  z.object({
    followUp: followUpResultSchema,
    agencyId: z.string().nullable(),
    closedAs: z.enum(CLOSED_AS).optional().describe('Absent in messages before issue 8: read as `follow_up`'),
  }),
);
export type CaseClosedV1 = z.infer<typeof CaseClosedV1.schema>;

export const REDISPATCH_TO = ['same_unit', 'dispatcher'] as const;
export type RedispatchTo = (typeof REDISPATCH_TO)[number];

// 重办: unresolved or unsatisfied, the order is dispatched again.
export const CaseReopenedV1 = defineEvent(
  'case.reopened',
  1,
  z.object({
    followUp: followUpResultSchema.nullable(),
    agencyId: z.string().nullable(),
    reason: z.enum(['unresolved', 'unsatisfied', 'citizen_called_again']),
    reopenCount: z.number().int().positive().optional().describe('How often this order has been reopened, this time included'),
    redispatchTo: z
      .enum(REDISPATCH_TO)
      .optional()
      .describe('The reopen policy: the same unit gets it again, or a dispatcher decides (absent: the same unit)'),
  }),
);
export type CaseReopenedV1 = z.infer<typeof CaseReopenedV1.schema>;

// 申诉: a unit asks to exclude an unreasonable request from its score.
export const CaseAppealFiledV1 = defineEvent(
  'case.appeal_filed',
  1,
  z.object({
    agencyId: z.string().min(1),
    reason: z.string().min(1),
    appealId: z.uuid().optional(),
    note: z.string().max(2000).nullable().optional(),
  }),
);
export type CaseAppealFiledV1 = z.infer<typeof CaseAppealFiledV1.schema>;

export const CaseAppealDecidedV1 = defineEvent(
  'case.appeal_decided',
  1,
  z.object({
    agencyId: z.string().min(1),
    isUpheld: z.boolean().describe('Upheld: the case is excluded from the unit\'s score; it stays visible'),
    reviewerId: z.string().nullable(),
    appealId: z.uuid().optional(),
    note: z.string().max(2000).nullable().optional(),
  }),
);
export type CaseAppealDecidedV1 = z.infer<typeof CaseAppealDecidedV1.schema>;

// 回访 by SMS: a single-use survey link for the citizen. The SMS gateway reads the token from this event.
export const CaseSurveyIssuedV1 = defineEvent(
  'case.survey_issued',
  1,
  z.object({
    token: z.string().min(16).describe('Single-use; the link is `GET /v1/surveys/{token}` on feedback'),
    expiresAt: isoDateTime,
    attempt: z.number().int().positive().describe('The follow-up attempt this link belongs to'),
  }),
);
export type CaseSurveyIssuedV1 = z.infer<typeof CaseSurveyIssuedV1.schema>;
