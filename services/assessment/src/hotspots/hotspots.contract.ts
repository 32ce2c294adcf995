import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { Hotspot } from '../domain/hotspots';

export const hotspotsSchema = responseSchemaFor<{ month: string; previousMonth: string; items: Hotspot[] }>()(
  z.object({
    month: z.string(),
    previousMonth: z.string(),
    items: z.array(
      z.object({
        category: z.string(),
        categoryName: z.string(),
        districtCode: z.string().nullable(),
        streetCode: z.string().nullable().describe('null: only the district is known'),
        count: z.number().int().describe('Cases received in the month; a merged repeat (并案) is not counted'),
        previousCount: z.number().int(),
        change: z.number().int(),
        changeRate: z.number().nullable(),
        trend: z.enum(['new', 'up', 'down', 'flat']),
      }),
    ),
  }),
);
