import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

export const listDeadLettersQuerySchema = z
  .object({
    agencyId: agencyIdSchema.optional(),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuerySchema>;

export const deliveryIdPathSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
