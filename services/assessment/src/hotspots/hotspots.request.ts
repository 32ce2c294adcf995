import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';
import { MONTH_PATTERN } from '../domain/month';

export const hotspotsQuerySchema = z
  .object({
    month: z.string({ error: 'is required' }).regex(MONTH_PATTERN, 'must be a month as YYYY-MM'),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(50),
  })
  .strict();
export type HotspotsQuery = z.infer<typeof hotspotsQuerySchema>;
