import { z } from 'zod';
import { defineEvent } from '../define-event';

// Special routes that end the order without dispatch (DOMAIN §3.2).
export const CaseAnsweredV1 = defineEvent(
  'case.answered',
  1,
  z.object({ answer: z.string().min(1), knowledgeArticleId: z.string().nullable() }),
);
export type CaseAnsweredV1 = z.infer<typeof CaseAnsweredV1.schema>;

export const CaseTransferredV1 = defineEvent(
  'case.transferred',
  1,
  z.object({ transferredTo: z.enum(['110', '119', '120', '122']), reason: z.string().min(1) }),
);
export type CaseTransferredV1 = z.infer<typeof CaseTransferredV1.schema>;

// 并案: a repeat request with nothing new joins the existing order.
export const CaseMergedV1 = defineEvent(
  'case.merged',
  1,
  z.object({
    intoCaseId: z.uuid(),
    reason: z.string().min(1),
    // Added when dispatchers could confirm a flagged repeat; absent on classification's automatic merges.
    confirmedBy: z
      .string()
      .min(1)
      .optional()
      .describe("The dispatcher who confirmed a flagged possible duplicate as a merge (principal id); the handling unit's order, if any, is withdrawn"),
    note: z.string().min(1).optional().describe("The dispatcher's note on the confirmation"),
  }),
);
export type CaseMergedV1 = z.infer<typeof CaseMergedV1.schema>;

export const CaseDeclinedV1 = defineEvent(
  'case.declined',
  1,
  z.object({
    reason: z.enum(['outside_remit', 'other_legal_channel', 'unlawful_demand', 'privacy']),
    explanation: z.string().min(1),
  }),
);
export type CaseDeclinedV1 = z.infer<typeof CaseDeclinedV1.schema>;
