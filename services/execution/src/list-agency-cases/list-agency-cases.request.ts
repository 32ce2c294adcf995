import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

export const agencyPathSchema = z.object({ agencyId: agencyIdSchema });

/** The query of GET /v1/agencies/{agencyId}/cases. */
export const listAgencyCasesQuerySchema = z
  .object({
    status: z.enum(CASE_STATUSES, { error: `must be one of ${CASE_STATUSES.join(', ')}` }).optional(),
    limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(500).default(100),
  })
  .strict();
export type ListAgencyCasesQuery = z.infer<typeof listAgencyCasesQuerySchema>;
