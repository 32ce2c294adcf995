import { z } from 'zod';

const note = z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');

/** The body of POST /v1/cases/{caseId}/redispatch (改派). */
export const redispatchRequestSchema = z
  .object({
    agencyId: z
      .string({ error: 'is required' })
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1 to 100 letters, digits, dots, dashes, underscores or colons'),
    note,
    category: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe("The case's correct category when classification got it wrong; classification learns from it"),
  })
  .strict();
export type RedispatchRequest = z.infer<typeof redispatchRequestSchema>;

/** The body of POST /v1/cases/{caseId}/reject-return: the unit keeps the case (首接负责). */
export const rejectReturnRequestSchema = z.object({ note }).strict();
export type RejectReturnRequest = z.infer<typeof rejectReturnRequestSchema>;
