import { z } from 'zod';
import { FEEDBACK_OUTCOMES } from '@hotline/contracts';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/feedback (办结反馈). */
export const submitFeedbackRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    outcome: z.enum(FEEDBACK_OUTCOMES, { error: `must be one of ${FEEDBACK_OUTCOMES.join(', ')}` }),
    // What the unit tells the citizen and the centre; read out on the follow-up call.
    reply: z.string().trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
  })
  .strict();
export type SubmitFeedbackRequest = z.infer<typeof submitFeedbackRequestSchema>;
