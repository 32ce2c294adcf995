import { z } from 'zod';
import { AGENCY_KINDS } from '@hotline/demo-city';

/** Query of GET /v1/agencies; unknown parameters are refused so typos surface. */
export const listAgenciesQuerySchema = z
  .object({
    districtCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit district code, e.g. 110105').optional(),
    kind: z.enum(AGENCY_KINDS, { error: `must be one of ${AGENCY_KINDS.join(', ')}` }).optional(),
  })
  .strict();
export type ListAgenciesQuery = z.infer<typeof listAgenciesQuerySchema>;

export const agencyIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes, e.g. street-110105001');
