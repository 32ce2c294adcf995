import { z } from 'zod';
import { defineEvent } from '../define-event';
import { DISPUTE_DECIDERS, DISPUTE_REASONS, isoDateTime, slaClockSchema } from './shared-fields';

const dispatchFields = {
  agencyId: z.string().min(1),
  agencyName: z.string().min(1),
  // Regulation: a dispatch to a street office is also copied to its district government.
  copiedToAgencyIds: z.array(z.string().min(1)),
  deadline: isoDateTime,
  slaClock: slaClockSchema,
  catalogueVersion: z.string().min(1),
  ruleId: z.string().min(1),
  // 1 for the first dispatch, +1 for every re-dispatch after a dispute or a reopen.
  round: z.number().int().positive(),
  // Added with the versioned catalogue; optional so that messages sent before still parse (absent = none, by a rule).
  coHandlerIds: z
    .array(z.string().min(1))
    .optional()
    .describe('协办: units that co-handle the case and see it in their queues; the lead (agencyId) answers for it'),
  routedBy: z
    .enum(['rule', 'district_fallback', 'manual', 'component'])
    .optional()
    .describe('What chose the unit: a catalogue rule (ruleId), the district government fallback (兜底), a dispatcher by hand, or the owner of the 部件 the case concerns (ruleId `component:<code>`)'),
  correctedCategory: z
    .string()
    .min(1)
    .optional()
    .describe("A dispatcher's correction of the case's category; classification learns from it"),
};

export const CaseDispatchedV1 = defineEvent('case.dispatched', 1, z.object(dispatchFields));
export type CaseDispatchedV1 = z.infer<typeof CaseDispatchedV1.schema>;

// 改派: the centre upheld a unit's dispute and sends the case to another unit.
export const CaseRedispatchedV1 = defineEvent(
  'case.redispatched',
  1,
  z.object({
    ...dispatchFields,
    previousAgencyId: z.string().min(1),
    reason: z.string().min(1),
    // The previous unit's return reason, and who upheld it; the redispatch counts against that unit's return rate.
    returnReason: z.enum(DISPUTE_REASONS).optional(),
    decidedBy: z.enum(DISPUTE_DECIDERS).optional(),
  }),
);
export type CaseRedispatchedV1 = z.infer<typeof CaseRedispatchedV1.schema>;
