import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

export const listDeadLettersQuerySchema = z
  .object({
    agencyId: agencyIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuerySchema>;

export const deliveryIdPathSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
