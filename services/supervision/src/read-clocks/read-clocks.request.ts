import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';

export const caseIdPathSchema = z.object({ caseId: z.uuid({ error: 'must be a UUID' }) });
export const agencyPathSchema = z.object({
  agencyId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1 to 100 letters, digits, dots, dashes, underscores or colons'),
});
export const overdueQuerySchema = z
  .object({ limit: wholeNumberParam({ min: 1, max: 500 }).default(100) })
  .strict();
export type OverdueQuery = z.infer<typeof overdueQuerySchema>;
