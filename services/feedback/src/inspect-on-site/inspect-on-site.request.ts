import { z } from 'zod';

/** The body of POST /v1/cases/{caseId}/inspection (核查): did the unit's work pass the on-site check? */
export const inspectOnSiteRequestSchema = z
  .object({
    passed: z.boolean({ error: 'is required: true (the case closes) or false (rework, 返工)' }),
    note: z.string().trim().max(2000, 'must be at most 2000 characters').nullable().optional(),
  })
  .strict();
export type InspectOnSiteRequest = z.infer<typeof inspectOnSiteRequestSchema>;
