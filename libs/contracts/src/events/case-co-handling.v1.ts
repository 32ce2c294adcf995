import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoDateTime } from './shared-fields';

const agencyId = z.string().min(1);

// 协办: a co-handling unit reports what it did to the lead unit, which answers for the case.
export const CaseCoHandlerReportedV1 = defineEvent(
  'case.co_handler_reported',
  1,
  z.object({ agencyId, leadAgencyId: agencyId, round: z.number().int().positive(), note: z.string().min(1).max(2000) }),
);
export type CaseCoHandlerReportedV1 = z.infer<typeof CaseCoHandlerReportedV1.schema>;

// 吹哨报到: the street office holding the case summons departments to the spot.
export const CaseWhistleBlownV1 = defineEvent(
  'case.whistle_blown',
  1,
  z.object({
    whistleId: z.uuid(),
    agencyId: agencyId.describe('the street office that blew the whistle (the lead unit)'),
    summonedAgencyIds: z.array(agencyId).min(1),
    arriveBy: isoDateTime,
    note: z.string().max(2000).nullable(),
  }),
);
export type CaseWhistleBlownV1 = z.infer<typeof CaseWhistleBlownV1.schema>;

// 报到: a summoned department checked in, on time or late (recorded for assessment).
export const CaseCheckedInV1 = defineEvent(
  'case.checked_in',
  1,
  z.object({
    whistleId: z.uuid(),
    agencyId,
    arriveBy: isoDateTime,
    isLate: z.boolean(),
    lateByMinutes: z.number().int().nonnegative(),
    note: z.string().max(2000).nullable(),
  }),
);
export type CaseCheckedInV1 = z.infer<typeof CaseCheckedInV1.schema>;

// 未报到: the arrival time passed without a check-in (recorded once, for assessment; a late check-in may still follow).
export const CaseCheckInMissedV1 = defineEvent('case.check_in_missed', 1, z.object({ whistleId: z.uuid(), agencyId, arriveBy: isoDateTime }));
export type CaseCheckInMissedV1 = z.infer<typeof CaseCheckInMissedV1.schema>;
