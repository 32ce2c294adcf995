import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoDateTime } from './shared-fields';

/** The clocks a dispatched case runs (DOMAIN.md §4): sign (签收), first contact (先行联系), feedback (办结反馈). */
export const SLA_CLOCK_NAMES = ['sign', 'first_contact', 'feedback'] as const;
export type SlaClockName = (typeof SLA_CLOCK_NAMES)[number];

/** Who supervises an overdue case (督办): a street office's district, then the city. */
export const SUPERVISION_LEVELS = ['district', 'city'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

const clockFields = {
  agencyId: z.string().min(1),
  clock: z.enum(SLA_CLOCK_NAMES),
  // The dispatch round the clock belongs to (1, then +1 per re-dispatch or reopening).
  round: z.number().int().positive(),
  deadline: isoDateTime,
};

// 预警: a share of a clock's allowed time has been used (by default at 50 % and 80 %).
export const CaseDeadlineWarningV1 = defineEvent(
  'case.deadline_warning',
  1,
  z.object({ ...clockFields, fraction: z.number().gt(0).lt(1) }),
);
export type CaseDeadlineWarningV1 = z.infer<typeof CaseDeadlineWarningV1.schema>;

// 督办: a clock ran out. Step 1 is the breach itself, step 2 the escalation when it stays unmet.
export const CaseSupervisedV1 = defineEvent(
  'case.supervised',
  1,
  z.object({
    ...clockFields,
    step: z.number().int().min(1).max(2),
    level: z.enum(SUPERVISION_LEVELS),
    // The supervising region: the district's code for the district, '110000' style for the city.
    regionCode: z.string().min(1).nullable(),
  }),
);
export type CaseSupervisedV1 = z.infer<typeof CaseSupervisedV1.schema>;
