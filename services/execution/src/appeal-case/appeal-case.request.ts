import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/appeal (申诉 / 诉求认定). */
export const appealCaseRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    // Why the request was unreasonable (e.g. 诉求不合理, 超出职权, 重复诉求); assessment's reviewer decides on it.
    reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    note: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
export type AppealCaseRequest = z.infer<typeof appealCaseRequestSchema>;
