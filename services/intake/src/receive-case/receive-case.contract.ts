import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ReceiveCaseResponse } from './receive-case.controller';
import { idempotencyKeySchema } from './receive-case.request';

export const receiveCaseHeadersSchema = z.object({
  'Idempotency-Key': idempotencyKeySchema.describe('Makes the submission safe to retry: the same key and body return the same case'),
});

export const receiveCaseResponseSchema = responseSchemaFor<ReceiveCaseResponse>()(
  z.object({
    caseId: z.uuid(),
    trackingNumber: z.string().describe('Short number a citizen can read out, e.g. 261127-7K3QXA'),
    status: z.literal('received'),
  }),
);
