import { z } from 'zod';
import { DISPUTE_REASONS } from '@hotline/contracts';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/return (退单 / 派单异议). */
export const returnCaseRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    reason: z.enum(DISPUTE_REASONS, { error: `must be one of ${DISPUTE_REASONS.join(', ')}` }),
    // Why the case is not the unit's: the dispatcher decides on it.
    note: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  })
  .strict();
export type ReturnCaseRequest = z.infer<typeof returnCaseRequestSchema>;
