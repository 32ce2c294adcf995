import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { VerifyCaseChainResponse } from './verify-case-chain.controller';

export const verifyCaseChainResponseSchema = responseSchemaFor<VerifyCaseChainResponse>()(
  z.object({
    caseId: z.uuid(),
    isIntact: z.boolean(),
    eventCount: z.number().int(),
    brokenAt: z.number().int().optional().describe('The first position whose event no longer matches the chain'),
    reason: z.string().optional(),
    positionsNotRecomputed: z
      .array(z.number().int())
      .optional()
      .describe('Events recorded before personal data could be erased (hash version 1) whose contact retention has since erased: their place in the chain is checked, their content can no longer be recomputed'),
  }),
);
