import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import { APPEAL_STATUSES, type AppealRecord, type AppealStatus } from '../infrastructure/database/appeal.repository';

export interface AppealView {
  appealId: string;
  caseId: string;
  agencyId: string;
  round: number | null;
  reason: string;
  note: string | null;
  status: AppealStatus;
  filedAt: string;
  decidedAt: string | null;
  reviewerId: string | null;
  decisionNote: string | null;
}

const iso = z.iso.datetime({ offset: true });

const appealView = z.object({
  appealId: z.uuid(),
  caseId: z.uuid(),
  agencyId: z.string(),
  round: z.number().int().nullable().describe('The handling round the appeal concerns'),
  reason: z.string(),
  note: z.string().nullable(),
  status: z.enum(APPEAL_STATUSES),
  filedAt: iso,
  decidedAt: iso.nullable(),
  reviewerId: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

export const appealViewSchema = responseSchemaFor<AppealView>()(appealView);
export const appealListSchema = responseSchemaFor<{ items: AppealView[] }>()(z.object({ items: z.array(appealView) }));

export function toAppealView(record: AppealRecord): AppealView {
  return {
    ...record,
    filedAt: record.filedAt.toISOString(),
    decidedAt: record.decidedAt?.toISOString() ?? null,
  };
}
