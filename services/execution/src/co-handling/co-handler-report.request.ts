import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/co-handler-report (协办反馈 to the lead unit). */
export const coHandlerReportRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    // What the co-handling unit did; the lead reads it before it reports back to the citizen.
    note: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  })
  .strict();
export type CoHandlerReportRequest = z.infer<typeof coHandlerReportRequestSchema>;

export interface CoHandlerReportView {
  caseId: string;
  agencyId: string;
  leadAgencyId: string;
  round: number;
  note: string;
  reportedAt: string;
}

export const coHandlerReportViewSchema = z.object({
  caseId: z.uuid(),
  agencyId: z.string(),
  leadAgencyId: z.string(),
  round: z.number().int(),
  note: z.string(),
  reportedAt: z.iso.datetime({ offset: true }),
});
