import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { responseSchemaFor } from '@hotline/nest-platform';
import { QUEUE_ROLES } from '../domain/assignment';
import type { AgencyCaseItem } from './list-agency-cases.controller';

export const agencyCasesSchema = responseSchemaFor<{ agencyId: string; items: AgencyCaseItem[] }>()(
  z.object({
    agencyId: z.string(),
    items: z.array(
      z.object({
        caseId: z.uuid(),
        role: z.enum(QUEUE_ROLES).describe('lead: the unit answers for it; co_handler (协办): it helps the lead; copy (抄送): read-only'),
        leadAgencyId: z.string().describe('The unit that answers for the case'),
        status: z.enum(CASE_STATUSES),
        round: z.number().int(),
        deadline: z.iso.datetime({ offset: true }),
        isOverdue: z.boolean(),
        timeRemainingMs: z.number().int(),
        dispatchedAt: z.iso.datetime({ offset: true }),
        signedAt: z.iso.datetime({ offset: true }).nullable(),
        feedbackAt: z.iso.datetime({ offset: true }).nullable(),
      }),
    ),
  }),
);
