import { z } from 'zod';
import { defineEvent } from '../define-event';
import { followUpResultSchema } from './shared-fields';

// 回访: the citizen could not be reached; the follow-up stays pending.
export const CaseFollowUpAttemptedV1 = defineEvent(
  'case.follow_up_attempted',
  1,
  z.object({ followUp: followUpResultSchema, attempt: z.number().int().positive() }),
);
export type CaseFollowUpAttemptedV1 = z.infer<typeof CaseFollowUpAttemptedV1.schema>;

export const CaseClosedV1 = defineEvent(
  'case.closed',
  1,
  z.object({ followUp: followUpResultSchema, agencyId: z.string().nullable() }),
);
export type CaseClosedV1 = z.infer<typeof CaseClosedV1.schema>;

// 重办: unresolved or unsatisfied, the order is dispatched again.
export const CaseReopenedV1 = defineEvent(
  'case.reopened',
  1,
  z.object({
    followUp: followUpResultSchema.nullable(),
    agencyId: z.string().nullable(),
    reason: z.enum(['unresolved', 'unsatisfied', 'citizen_called_again']),
  }),
);
export type CaseReopenedV1 = z.infer<typeof CaseReopenedV1.schema>;

// 申诉: a unit asks to exclude an unreasonable request from its score.
export const CaseAppealFiledV1 = defineEvent(
  'case.appeal_filed',
  1,
  z.object({ agencyId: z.string().min(1), reason: z.string().min(1) }),
);
export type CaseAppealFiledV1 = z.infer<typeof CaseAppealFiledV1.schema>;

export const CaseAppealDecidedV1 = defineEvent(
  'case.appeal_decided',
  1,
  z.object({ agencyId: z.string().min(1), isUpheld: z.boolean(), reviewerId: z.string().nullable() }),
);
export type CaseAppealDecidedV1 = z.infer<typeof CaseAppealDecidedV1.schema>;
