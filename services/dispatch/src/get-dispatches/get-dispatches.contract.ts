import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { URGENCIES, slaClockSchema } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import { ROUTING_BASES } from '../domain/plan-route';
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
        coHandlerIds: z.array(z.string()).describe('协办: co-handling units of the round'),
        urgency: z.enum(URGENCIES),
        deadline: z.iso.datetime({ offset: true }),
        slaClock: slaClockSchema,
        ruleId: z.string().describe('The catalogue rule that chose the unit; `district-fallback` (兜底) or `manual` otherwise'),
        catalogueVersion: z.string().describe('The catalogue version published when the case was dispatched'),
        routedBy: z.enum(ROUTING_BASES),
        dispatchedBy: z.string().nullable().describe('The dispatcher of a manual dispatch'),
        note: z.string().nullable(),
        dispatchedAt: z.iso.datetime({ offset: true }),
      }),
    ),
    manualDispatch: z
      .object({ reason: z.string(), queuedAt: z.iso.datetime({ offset: true }) })
      .nullable()
      .describe('Set while the case waits for a dispatcher (POST /v1/cases/{caseId}/dispatch)'),
  }),
);
