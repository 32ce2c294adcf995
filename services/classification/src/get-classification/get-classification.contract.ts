import { z } from 'zod';
import { URGENCIES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ClassificationView } from './get-classification.handler';

export const classificationViewSchema = responseSchemaFor<ClassificationView>()(
  z.object({
    caseId: z.uuid(),
    category: z.string(),
    urgency: z.enum(URGENCIES),
    districtCode: z.string().nullable(),
    streetCode: z.string().nullable(),
    districtSource: z.enum(['location', 'text']).nullable().describe('Whether the district came from the location or from place names in the text'),
    confidence: z.number(),
    matchedKeywords: z.array(z.string()),
    classifierVersion: z.string(),
    classifiedAt: z.iso.datetime({ offset: true }),
  }),
);
