import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';

/**
 * GET /v1/possible-duplicates: the flags still to decide by default, the longest-waiting first; `ended`, the
 * undecided flags whose case, or the case it may repeat, ended some other way.
 */
export const possibleDuplicatesQuerySchema = z
  .object({
    status: z.enum(['open', 'ended', 'dismissed', 'merged'], { error: 'must be open, ended, dismissed or merged' }).default('open'),
    limit: wholeNumberParam({ min: 1, max: 1000 }).default(200),
  })
  .strict();
export type PossibleDuplicatesQuery = z.infer<typeof possibleDuplicatesQuerySchema>;

/** The body of POST /v1/possible-duplicates/{caseId}/dismiss: the two cases are different matters. */
export const dismissPossibleDuplicateSchema = z
  .object({ note: z.string({ error: 'must be a string' }).trim().max(2000, 'must be at most 2000 characters').nullable().default(null) })
  .strict();
export type DismissPossibleDuplicate = z.infer<typeof dismissPossibleDuplicateSchema>;

/**
 * The body of POST /v1/possible-duplicates/{caseId}/merge: the flagged case is a repeat (并案). It joins the
 * case it was flagged against, or another open case the dispatcher names.
 */
export const mergePossibleDuplicateSchema = z
  .object({
    intoCaseId: z.uuid({ error: 'must be a case id (UUID)' }).optional().describe('The open case to merge into; by default the one it was flagged against'),
    note: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters').nullable().default(null),
  })
  .strict();
export type MergePossibleDuplicate = z.infer<typeof mergePossibleDuplicateSchema>;
