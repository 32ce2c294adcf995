import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';

/** The query of GET /v1/reviews: the replies waiting for review (审核), oldest first, a page at a time. */
export const listReviewsQuerySchema = z
  .object({
    status: z.enum(['pending'], { error: 'must be pending (replies waiting for review)' }).default('pending'),
    agencyId: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    limit: wholeNumberParam({ min: 1, max: 200 }).default(50),
    offset: wholeNumberParam({ min: 0 }).default(0),
  })
  .strict();
export type ListReviewsQuery = z.infer<typeof listReviewsQuerySchema>;
