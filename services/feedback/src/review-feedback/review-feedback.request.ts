import { z } from 'zod';
import { FEEDBACK_RETURN_REASONS } from '@hotline/contracts';

const note = z.string().trim().max(2000, 'must be at most 2000 characters').optional();

/**
 * The body of POST /v1/cases/{caseId}/review (审核). Approve makes the follow-up call due; return sends
 * the reply back to the unit, which must be told why (a reason and an explanation).
 */
export const reviewFeedbackRequestSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('approve'), note }).strict(),
    z
      .object({
        decision: z.literal('return'),
        reason: z.enum(FEEDBACK_RETURN_REASONS, { error: `is required for a return: one of ${FEEDBACK_RETURN_REASONS.join(', ')}` }),
        explanation: z
          .string({ error: 'is required for a return: what the unit must fix, as it will read it' })
          .trim()
          .min(1, 'must not be empty')
          .max(2000, 'must be at most 2000 characters'),
        note,
      })
      .strict(),
  ],
  { error: 'must be approve or return' },
);
export type ReviewFeedbackRequest = z.infer<typeof reviewFeedbackRequestSchema>;
