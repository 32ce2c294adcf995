import { z } from 'zod';
import { URGENCIES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { CategoryCatalogueView } from './list-categories.handler';

export const categoryCatalogueSchema = responseSchemaFor<CategoryCatalogueView>()(
  z.object({
    version: z.number().int().describe('The keyword rules\' version, as named in a classification\'s classifierVersion'),
    items: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), urgency: z.enum(URGENCIES) })),
  }),
);
