import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { PossibleDuplicateView } from './possible-duplicates.store';

export const possibleDuplicateSchema = responseSchemaFor<PossibleDuplicateView>()(
  z.object({
    caseId: z.uuid().describe('The flagged case; it was dispatched as usual'),
    duplicateOfCaseId: z.uuid().describe('The open case it may repeat'),
    score: z.number().min(0).max(1).describe('Duplicate score (place, time, text), between the flag and merge thresholds'),
    category: z.string(),
    districtCode: z.string().nullable(),
    streetCode: z.string().nullable(),
    flaggedAt: z.iso.datetime({ offset: true }),
    status: z.enum(['open', 'dismissed', 'merged']).describe('open until a dispatcher dismisses it or confirms it as a merge (并案)'),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime({ offset: true }).nullable(),
    note: z.string().nullable(),
    mergedIntoCaseId: z.uuid().nullable().describe('Once confirmed: the case it was merged into'),
    caseStatus: z.enum(CASE_STATUSES).nullable().describe("The flagged case's status as dispatch knows it"),
    duplicateOfStatus: z
      .enum(CASE_STATUSES)
      .nullable()
      .describe('The status of the case it may repeat, as dispatch knows it; null when dispatch never saw that case'),
  }),
);

export const possibleDuplicatesSchema = responseSchemaFor<{ items: PossibleDuplicateView[] }>()(z.object({ items: z.array(possibleDuplicateSchema) }));
