import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';

export const FOLLOW_UP_FILTERS = ['pending', 'closed', 'reopened', 'all'] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];

/** The query of GET /v1/follow-ups. */
export const listFollowUpsQuerySchema = z
  .object({
    status: z.enum(FOLLOW_UP_FILTERS, { error: `must be one of ${FOLLOW_UP_FILTERS.join(', ')}` }).default('pending'),
    // One unit's follow-ups, e.g. for a supervisor reviewing its replies.
    agencyId: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    // One case's follow-up, e.g. to see whether a case has reached the call list yet.
    caseId: z.uuid({ error: 'must be a case id (a UUID)' }).optional(),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
export type ListFollowUpsQuery = z.infer<typeof listFollowUpsQuerySchema>;
