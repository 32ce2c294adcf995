import { z } from 'zod';
import { FILING_REJECTION_REASONS } from '@hotline/contracts';
import { componentCodeSchema, gridEventClassSchema } from '../receive-case/receive-case.request';

const note = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

/** POST /v1/cases/{caseId}/filing: the centre files a grid report (立案) or rejects it with a reason. */
export const fileGridReportRequestSchema = z
  .object({
    decision: z.enum(['file', 'reject'], { error: 'must be file or reject' }),
    reason: z.enum(FILING_REJECTION_REASONS, { error: `must be one of ${FILING_REJECTION_REASONS.join(', ')}` }).optional(),
    explanation: note.optional(),
    eventClass: gridEventClassSchema.optional(),
    componentCode: componentCodeSchema.optional(),
    note: note.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.decision === 'reject') {
      if (body.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required to reject' });
      if (body.explanation === undefined) ctx.addIssue({ code: 'custom', path: ['explanation'], message: 'is required to reject' });
      for (const field of ['eventClass', 'componentCode'] as const) {
        if (body[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is only for filing' });
      }
    } else {
      for (const field of ['reason', 'explanation'] as const) {
        if (body[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is only for rejecting' });
      }
    }
  });
export type FileGridReportRequest = z.infer<typeof fileGridReportRequestSchema>;
