import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';
import { DISPUTE_STATUSES } from '../infrastructure/http/dispute.view';

/** The query of GET /v1/disputes. */
export const listDisputesQuerySchema = z
  .object({
    status: z.enum(DISPUTE_STATUSES, { error: `must be one of ${DISPUTE_STATUSES.join(', ')}` }).optional(),
    // The unit that returned the case: `status=redispatched&agencyId=…` is what counts against its return rate.
    agencyId: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
export type ListDisputesQuery = z.infer<typeof listDisputesQuerySchema>;
