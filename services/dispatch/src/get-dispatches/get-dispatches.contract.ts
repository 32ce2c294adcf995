import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { URGENCIES, slaClockSchema } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { CaseDispatchesView } from './get-dispatches.handler';

export const caseIdPathSchema = z.object({ caseId: z.uuid() });

export const caseDispatchesViewSchema = responseSchemaFor<CaseDispatchesView>()(
  z.object({
    caseId: z.uuid(),
    status: z.enum(CASE_STATUSES).describe('The case\'s lifecycle status as dispatch last saw it'),
    rounds: z.array(
      z.object({
        round: z.number().int(),
        agencyId: z.string(),
        copiedToAgencyIds: z.array(z.string()),
        urgency: z.enum(URGENCIES),
        deadline: z.iso.datetime({ offset: true }),
        slaClock: slaClockSchema,
        ruleId: z.string(),
        catalogueVersion: z.string(),
        dispatchedAt: z.iso.datetime({ offset: true }),
      }),
    ),
    manualDispatch: z
      .object({ reason: z.string(), queuedAt: z.iso.datetime({ offset: true }) })
      .nullable()
      .describe('Set while the case waits for a dispatcher because no rule covered it'),
  }),
);
