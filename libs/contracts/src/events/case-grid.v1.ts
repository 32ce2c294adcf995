import { z } from 'zod';
import { defineEvent } from '../define-event';

// 数字城管 (DOMAIN §5): the centre verifies a grid inspector's report and files it (立案) before it is
// classified and dispatched, or rejects it with a reason; after the unit's reply a different inspector
// checks on site (核查): pass closes the case, fail sends it back for rework (返工).

export const CaseFiledV1 = defineEvent(
  'case.filed',
  1,
  z.object({
    verifierId: z.string().min(1),
    eventClass: z.string().nullable().describe('The grid event class code the centre filed it under, if any'),
    componentCode: z
      .string()
      .regex(/^\d{16}$/)
      .nullable()
      .describe('The 16-digit component (部件) code, if the case concerns one'),
    note: z.string().max(2000).nullable(),
  }),
);
export type CaseFiledV1 = z.infer<typeof CaseFiledV1.schema>;

export const FILING_REJECTION_REASONS = ['not_found_on_site', 'duplicate', 'not_in_standard', 'insufficient_evidence', 'other'] as const;
export type FilingRejectionReason = (typeof FILING_REJECTION_REASONS)[number];

export const CaseFilingRejectedV1 = defineEvent(
  'case.filing_rejected',
  1,
  z.object({ verifierId: z.string().min(1), reason: z.enum(FILING_REJECTION_REASONS), explanation: z.string().min(1).max(2000) }),
);
export type CaseFilingRejectedV1 = z.infer<typeof CaseFilingRejectedV1.schema>;

export const CaseInspectedV1 = defineEvent(
  'case.inspected',
  1,
  z.object({
    agencyId: z.string().min(1).describe('The unit whose work was checked'),
    inspectorId: z.string().min(1).describe('Never the inspector who reported the case'),
    passed: z.boolean(),
    note: z.string().max(2000).nullable(),
  }),
);
export type CaseInspectedV1 = z.infer<typeof CaseInspectedV1.schema>;

// 返工: the check failed; the unit holds the case again and its feedback clock keeps running.
export const CaseReworkOrderedV1 = defineEvent(
  'case.rework_ordered',
  1,
  z.object({
    agencyId: z.string().min(1),
    inspectorId: z.string().min(1),
    reworkCount: z.number().int().positive().describe('Rework orders on this case, this one included'),
    note: z.string().max(2000).nullable(),
  }),
);
export type CaseReworkOrderedV1 = z.infer<typeof CaseReworkOrderedV1.schema>;
