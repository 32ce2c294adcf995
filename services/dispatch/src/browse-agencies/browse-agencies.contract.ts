import { z } from 'zod';
import { AGENCY_KINDS } from '@hotline/demo-city';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { AgencyView } from './browse-agencies.handler';
import { agencyIdSchema } from './browse-agencies.request';

export const agencyPathSchema = z.object({ agencyId: agencyIdSchema });

export const agencyViewSchema = responseSchemaFor<AgencyView>()(
  z.object({
    agencyId: z.string(),
    name: z.string(),
    kind: z.enum(AGENCY_KINDS),
    districtCode: z.string().nullable(),
    parentAgencyId: z.string().nullable(),
    streetCode: z.string().nullable(),
  }),
);

export const agencyListSchema = responseSchemaFor<{ items: AgencyView[] }>()(z.object({ items: z.array(agencyViewSchema) }));
