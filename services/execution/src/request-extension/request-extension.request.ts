import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/extension (延期申请). */
export const requestExtensionRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    // Told to the centre and, once approved, to the citizen.
    reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
    requestedDeadline: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-20T18:00:00+08:00' }),
  })
  .strict();
export type RequestExtensionRequest = z.infer<typeof requestExtensionRequestSchema>;
