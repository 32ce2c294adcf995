import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { KnowledgeEntryView, KnowledgeSearchView } from './knowledge-base';

const entryFields = {
  entryId: z.uuid(),
  agencyId: z.string().describe('The unit that maintains the entry'),
  question: z.string(),
  answer: z.string(),
  category: z.string().nullable(),
  keywords: z.array(z.string()),
  version: z.number().int().describe('Send it back with PUT: a stale version is 409 KNOWLEDGE.CONFLICT'),
  updatedBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
};

export const knowledgeEntrySchema = responseSchemaFor<KnowledgeEntryView>()(z.object(entryFields));

export const knowledgeListSchema = responseSchemaFor<{ items: KnowledgeEntryView[]; total: number; limit: number; offset: number }>()(
  z.object({ items: z.array(knowledgeEntrySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
);

export const knowledgeSearchSchema = responseSchemaFor<KnowledgeSearchView>()(
  z.object({
    query: z.string(),
    terms: z.array(z.string()).describe('The query as segmented (stop words removed)'),
    segmenter: z.string(),
    items: z.array(
      z.object({
        ...entryFields,
        score: z.number().describe('ts_rank over the segmented terms, normalised into [0, 1)'),
        coverage: z.number().describe('Share of the query terms the entry contains; the answer threshold applies to it'),
      }),
    ),
  }),
);
