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
    gridCode: z.string().nullable().describe('单元网格 (15 digits) under the position, or under the component the case names'),
    communityCode: z.string().nullable().describe('社区 (12 digits): from the unit grid, or named in the text'),
    componentCode: z.string().nullable().describe('部件 (16 digits) the case names, or the nearest within COMPONENT_TOLERANCE_M of its position'),
    componentOwnerId: z.string().nullable().describe("The component's owning unit, to which dispatch routes the case"),
    confidence: z.number(),
    matchedKeywords: z.array(z.string()),
    classifierVersion: z.string(),
    classifiedAt: z.iso.datetime({ offset: true }),
  }),
);
