import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ReporterContact } from '@hotline/personal-data';
import { caseIdSchema } from './case-id.param';

export const caseIdPathSchema = z.object({ caseId: caseIdSchema });

export const reporterContactSchema = responseSchemaFor<ReporterContact>()(
  z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    confidential: z.boolean().describe('The reporter asked for confidentiality (保密): lists hide the name and number completely'),
  }),
);
