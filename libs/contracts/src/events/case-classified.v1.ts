import { z } from 'zod';
import { defineEvent } from '../define-event';
import { URGENCIES } from './shared-fields';

export const CaseClassifiedV1 = defineEvent(
  'case.classified',
  1,
  z.object({
    category: z.string().min(1),
    categoryName: z.string().min(1),
    urgency: z.enum(URGENCIES),
    districtCode: z.string().regex(/^\d{6}$/).nullable(),
    districtName: z.string().nullable(),
    streetCode: z.string().regex(/^\d{9}$/).nullable(),
    // How the district was found; `null` when neither location nor text named one.
    districtSource: z.enum(['location', 'text']).nullable(),
    // Added with the PostGIS places (issue 9); optional so that earlier messages still parse.
    gridCode: z.string().regex(/^\d{15}$/).optional().describe('单元网格 holding the case\'s position (or the named component\'s)'),
    communityCode: z.string().regex(/^\d{12}$/).optional().describe('社区: 9-digit street + 3 digits, from the grid or a place name in the text'),
    componentCode: z
      .string()
      .regex(/^\d{16}$/)
      .optional()
      .describe('部件 the case concerns: named by the report, or the nearest one within the configured tolerance of its position'),
    componentOwnerId: z.string().min(1).optional().describe('The unit that owns componentCode; dispatch routes the case to it (routedBy `component`)'),
    confidence: z.number().min(0).max(1),
    matchedKeywords: z.array(z.string()),
    classifierVersion: z.string().min(1),
    possibleDuplicateOf: z
      .object({
        caseId: z.uuid(),
        score: z.number().min(0).max(1),
      })
      .optional()
      .describe('并案: an open case this one may repeat, scored below the automatic merge; dispatch lists it for a dispatcher (GET /v1/possible-duplicates)'),
    // The trained classifier's confidence is below classification's threshold: a dispatcher routes the case by hand.
    needsReview: z.boolean().optional(),
    // The request type the trained classifier reads in the text, when its model has a type head.
    predictedType: z.string().min(1).optional(),
  }),
);
export type CaseClassifiedV1 = z.infer<typeof CaseClassifiedV1.schema>;
