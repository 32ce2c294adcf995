import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';

const text = (max: number) => z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** POST /v1/knowledge */
export const createKnowledgeEntrySchema = z
  .object({
    question: text(500),
    answer: text(4000),
    category: text(100).nullable().optional(),
    keywords: z.array(text(50), { error: 'must be an array of strings' }).max(20, 'must have at most 20 keywords').default([]),
    // A unit operator writes for its own unit and may leave it out; an admin names the unit.
    agencyId: text(100).optional(),
  })
  .strict();
export type CreateKnowledgeEntryRequest = z.infer<typeof createKnowledgeEntrySchema>;

/** PUT /v1/knowledge/{entryId}: the whole entry again, with the version it was read at. */
export const updateKnowledgeEntrySchema = z
  .object({
    question: text(500),
    answer: text(4000),
    category: text(100).nullable().optional(),
    keywords: z.array(text(50), { error: 'must be an array of strings' }).max(20, 'must have at most 20 keywords').default([]),
    version: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1'),
  })
  .strict();
export type UpdateKnowledgeEntryRequest = z.infer<typeof updateKnowledgeEntrySchema>;

export const listKnowledgeQuerySchema = z
  .object({
    agencyId: text(100).optional(),
    limit: wholeNumberParam({ min: 1, max: 200 }).default(50),
    offset: wholeNumberParam({ min: 0, max: 100_000 }).default(0),
  })
  .strict();
export type ListKnowledgeQuery = z.infer<typeof listKnowledgeQuerySchema>;

export const searchKnowledgeQuerySchema = z
  .object({
    q: text(500),
    // Only one unit's entries (e.g. the unit a question is about).
    agencyId: text(100).optional(),
    limit: wholeNumberParam({ min: 1, max: 50 }).default(10),
  })
  .strict();
export type SearchKnowledgeQuery = z.infer<typeof searchKnowledgeQuerySchema>;

export const entryIdSchema = z.uuid({ error: 'must be a UUID' });
