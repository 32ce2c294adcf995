import { z } from 'zod';
import { SATISFACTION_LEVELS } from '@hotline/contracts';

const note = z.string().trim().max(2000, 'must be at most 2000 characters').optional();
// Who made the call, for the follow-up record.
const operatorId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional();

/**
 * The body of POST /v1/cases/{caseId}/follow-up (回访). A reached citizen must say whether the
 * problem is solved and how satisfied they are; an unreached one cannot have said either.
 */
export const recordFollowUpRequestSchema = z.discriminatedUnion(
  'reached',
  [
    z.object({ reached: z.literal(false), note, operatorId }).strict(),
    z
      .object({
        reached: z.literal(true),
        resolved: z.boolean({ error: 'is required when the citizen was reached: true or false' }),
        satisfaction: z.enum(SATISFACTION_LEVELS, {
          error: `is required when the citizen was reached: one of ${SATISFACTION_LEVELS.join(', ')}`,
        }),
        note,
        operatorId,
      })
      .strict(),
  ],
  { error: 'must be true or false' },
);
export type RecordFollowUpRequest = z.infer<typeof recordFollowUpRequestSchema>;
