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
    confidence: z.number().min(0).max(1),
    matchedKeywords: z.array(z.string()),
    classifierVersion: z.string().min(1),
    // The trained classifier's confidence is below classification's threshold: a dispatcher routes the case by hand.
    needsReview: z.boolean().optional(),
    // The request type the trained classifier reads in the text, when its model has a type head.
    predictedType: z.string().min(1).optional(),
  }),
);
export type CaseClassifiedV1 = z.infer<typeof CaseClassifiedV1.schema>;
