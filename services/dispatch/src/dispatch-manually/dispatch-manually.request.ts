import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/catalogue.contract';

export const dispatchManuallyRequestSchema = z
  .object({
    agencyId: agencyIdSchema.describe('The lead unit (主办)'),
    coHandlerIds: z.array(agencyIdSchema).max(20).default([]).describe('Co-handling units (协办)'),
    note: z.string({ error: 'is required' }).trim().min(1, 'must say why this unit').max(2000),
    category: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe("The case's correct category when classification got it wrong; classification learns from it"),
  })
  .strict();
export type DispatchManuallyRequest = z.infer<typeof dispatchManuallyRequestSchema>;
