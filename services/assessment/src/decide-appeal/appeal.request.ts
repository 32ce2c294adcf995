import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';
import { APPEAL_STATUSES } from '../infrastructure/database/appeal.repository';

export const appealIdPathSchema = z.object({ appealId: z.uuid({ error: 'must be a UUID' }) });

export const listAppealsQuerySchema = z
  .object({
    status: z.enum(APPEAL_STATUSES, { error: `must be one of ${APPEAL_STATUSES.join(', ')}` }).optional(),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
export type ListAppealsQuery = z.infer<typeof listAppealsQuerySchema>;

/** The body of POST /v1/appeals/{appealId}/decision (诉求认定). */
export const decideAppealRequestSchema = z
  .object({
    upheld: z.boolean({ error: 'must be true (exclude the case from the unit\'s score) or false' }),
    note: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
export type DecideAppealRequest = z.infer<typeof decideAppealRequestSchema>;
