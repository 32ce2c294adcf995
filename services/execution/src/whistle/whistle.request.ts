import { z } from 'zod';
import { agencyIdSchema } from '../infrastructure/http/agency-id';

/** The body of POST /v1/cases/{caseId}/whistle (吹哨): the street office summons departments. */
export const whistleRequestSchema = z
  .object({
    // Optional and must match: the acting unit is the caller's (see actingUnit).
    agencyId: agencyIdSchema.optional(),
    agencyIds: z
      .array(agencyIdSchema, { error: 'must be a list of unit ids' })
      .min(1, 'must name at least one department')
      .max(20, 'must name at most 20 departments')
      .refine((ids) => new Set(ids).size === ids.length, 'must not name a unit twice'),
    arriveWithinMinutes: z.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(1, 'must be at least 1').max(1440, 'must be at most 1440 (a day)').default(30),
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
export type WhistleRequest = z.infer<typeof whistleRequestSchema>;

/** The body of POST /v1/cases/{caseId}/check-in (报到). */
export const checkInRequestSchema = z
  .object({
    agencyId: agencyIdSchema.optional(),
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
export type CheckInRequest = z.infer<typeof checkInRequestSchema>;

export const SUMMONS_STATES = ['pending', 'checked_in', 'checked_in_late', 'missed', 'missed_then_checked_in'] as const;

export interface SummonsView {
  whistleId: string;
  caseId: string;
  agencyId: string;
  summonedBy: string;
  summonedAt: string;
  arriveBy: string;
  checkedInAt: string | null;
  missedAt: string | null;
  state: (typeof SUMMONS_STATES)[number];
}

export const summonsViewSchema = z.object({
  whistleId: z.uuid(),
  caseId: z.uuid(),
  agencyId: z.string(),
  summonedBy: z.string(),
  summonedAt: z.iso.datetime({ offset: true }),
  arriveBy: z.iso.datetime({ offset: true }),
  checkedInAt: z.iso.datetime({ offset: true }).nullable(),
  missedAt: z.iso.datetime({ offset: true }).nullable(),
  state: z.enum(SUMMONS_STATES),
});

export const whistleViewSchema = z.object({ whistleId: z.uuid(), caseId: z.uuid(), agencyId: z.string(), summoned: z.array(summonsViewSchema) });
export interface WhistleView {
  whistleId: string;
  caseId: string;
  agencyId: string;
  summoned: SummonsView[];
}

export const summonsListSchema = z.object({ caseId: z.uuid(), summons: z.array(summonsViewSchema) });
export interface SummonsList {
  caseId: string;
  summons: SummonsView[];
}

export interface SummonsRow {
  whistle_id: string;
  case_id: string;
  agency_id: string;
  summoned_by: string;
  summoned_at: Date;
  arrive_by: Date;
  checked_in_at: Date | null;
  missed_at: Date | null;
  whistle_event_id: string;
  correlation_id: string;
}

export function toSummonsView(row: SummonsRow): SummonsView {
  const isLate = row.checked_in_at !== null && row.checked_in_at.getTime() > row.arrive_by.getTime();
  const state: SummonsView['state'] =
    row.checked_in_at === null ? (row.missed_at === null ? 'pending' : 'missed') : row.missed_at !== null ? 'missed_then_checked_in' : isLate ? 'checked_in_late' : 'checked_in';
  return {
    whistleId: row.whistle_id,
    caseId: row.case_id,
    agencyId: row.agency_id,
    summonedBy: row.summoned_by,
    summonedAt: row.summoned_at.toISOString(),
    arriveBy: row.arrive_by.toISOString(),
    checkedInAt: row.checked_in_at?.toISOString() ?? null,
    missedAt: row.missed_at?.toISOString() ?? null,
    state,
  };
}
