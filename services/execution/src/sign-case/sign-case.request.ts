import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/sign (签收). */
export const signCaseRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    // The person at the unit who signed, for the unit's own records; without it, the signing principal's id.
    signedBy: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  })
  .strict();
export type SignCaseRequest = z.infer<typeof signCaseRequestSchema>;
