import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { AgencyCaseItem } from './list-agency-cases.controller';

export const agencyCasesSchema = responseSchemaFor<{ agencyId: string; items: AgencyCaseItem[] }>()(
  z.object({
    agencyId: z.string(),
    items: z.array(
      z.object({
        caseId: z.uuid(),
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
