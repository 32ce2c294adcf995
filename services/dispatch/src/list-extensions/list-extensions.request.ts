import { z } from 'zod';
import { wholeNumberParam } from '@hotline/nest-platform';
import { EXTENSION_REQUEST_STATUSES } from '../infrastructure/http/extension-request.view';

/** The query of GET /v1/extensions. */
export const listExtensionsQuerySchema = z
  .object({
    status: z.enum(EXTENSION_REQUEST_STATUSES, { error: `must be one of ${EXTENSION_REQUEST_STATUSES.join(', ')}` }).optional(),
    // The unit that asked.
    agencyId: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
export type ListExtensionsQuery = z.infer<typeof listExtensionsQuerySchema>;
