import { z } from 'zod';

/** GET /v1/possible-duplicates: the open flags by default, the longest-waiting first. */
export const possibleDuplicatesQuerySchema = z
  .object({
    status: z.enum(['open', 'dismissed'], { error: 'must be open or dismissed' }).default('open'),
    limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1000).default(200),
  })
  .strict();
export type PossibleDuplicatesQuery = z.infer<typeof possibleDuplicatesQuerySchema>;

/** The body of POST /v1/possible-duplicates/{caseId}/dismiss: the two cases are different matters. */
export const dismissPossibleDuplicateSchema = z
  .object({ note: z.string({ error: 'must be a string' }).trim().max(2000, 'must be at most 2000 characters').nullable().default(null) })
  .strict();
export type DismissPossibleDuplicate = z.infer<typeof dismissPossibleDuplicateSchema>;
