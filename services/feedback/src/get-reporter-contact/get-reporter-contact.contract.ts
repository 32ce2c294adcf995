import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ReporterContact } from '@hotline/personal-data';
import { reporterContactSchema } from '../infrastructure/http/reporter-contact.contract';

export const reporterContactResponseSchema = responseSchemaFor<{ caseId: string; trackingNumber: string | null; reporter: ReporterContact }>()(
  z.object({ caseId: z.uuid(), trackingNumber: z.string().nullable(), reporter: reporterContactSchema }),
);
