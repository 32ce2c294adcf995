import { z } from 'zod';
import { URGENCIES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ManualDispatchView } from './list-manual-dispatch-queue.handler';

export const manualDispatchQueueSchema = responseSchemaFor<{ items: ManualDispatchView[] }>()(
  z.object({
    items: z.array(
      z.object({
        caseId: z.uuid(),
        category: z.string().nullable().describe('Null for a reopened case (重办) the reopen policy gives to a dispatcher'),
        urgency: z.enum(URGENCIES),
        districtCode: z.string().nullable(),
        streetCode: z.string().nullable(),
        reason: z.string(),
        queuedAt: z.iso.datetime({ offset: true }),
      }),
    ),
  }),
);
