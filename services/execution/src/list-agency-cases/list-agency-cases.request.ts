import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { QUEUE_ROLES } from '../domain/assignment';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

export const agencyPathSchema = z.object({ agencyId: agencyIdSchema });

/** The query of GET /v1/agencies/{agencyId}/cases. */
export const listAgencyCasesQuerySchema = z
  .object({
    status: z.enum(CASE_STATUSES, { error: `must be one of ${CASE_STATUSES.join(', ')}` }).optional(),
    role: z.enum(QUEUE_ROLES, { error: `must be one of ${QUEUE_ROLES.join(', ')}` }).optional().describe('Only the orders the unit leads, co-handles (协办) or got a read-only copy of (抄送)'),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
export type ListAgencyCasesQuery = z.infer<typeof listAgencyCasesQuerySchema>;
