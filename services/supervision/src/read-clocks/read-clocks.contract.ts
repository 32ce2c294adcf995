import { z } from 'zod';
import { SLA_CLOCK_UNITS } from '@hotline/case-lifecycle';
import { SLA_CLOCK_NAMES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';

export interface ClockView {
  clock: (typeof SLA_CLOCK_NAMES)[number];
  round: number;
  agencyId: string;
  unit: (typeof SLA_CLOCK_UNITS)[number];
  startedAt: string;
  deadline: string | null;
  elapsedMs: number;
  remainingMs: number | null;
  pausedMs: number;
  isPaused: boolean;
  isOverdue: boolean;
  stoppedAt: string | null;
  stopReason: string | null;
  calendarError: string | null;
  fired: Array<{ kind: 'warning' | 'breach' | 'escalation'; fraction: number; firedAt: string }>;
}

export interface OverdueItem {
  caseId: string;
  clock: (typeof SLA_CLOCK_NAMES)[number];
  round: number;
  deadline: string;
  overdueMs: number;
}

const iso = z.iso.datetime({ offset: true });

export const caseClocksSchema = responseSchemaFor<{ caseId: string; clocks: ClockView[] }>()(
  z.object({
    caseId: z.uuid(),
    clocks: z.array(
      z.object({
        clock: z.enum(SLA_CLOCK_NAMES),
        round: z.number().int(),
        agencyId: z.string(),
        unit: z.enum(SLA_CLOCK_UNITS),
        startedAt: iso,
        deadline: iso.nullable(),
        elapsedMs: z.number().describe('in the clock\'s own measure: working time for working clocks'),
        remainingMs: z.number().nullable(),
        pausedMs: z.number(),
        isPaused: z.boolean(),
        isOverdue: z.boolean(),
        stoppedAt: iso.nullable(),
        stopReason: z.string().nullable(),
        calendarError: z.string().nullable(),
        fired: z.array(z.object({ kind: z.enum(['warning', 'breach', 'escalation']), fraction: z.number(), firedAt: iso })),
      }),
    ),
  }),
);

export const overdueSchema = responseSchemaFor<{ agencyId: string; items: OverdueItem[] }>()(
  z.object({
    agencyId: z.string(),
    items: z.array(z.object({ caseId: z.uuid(), clock: z.enum(SLA_CLOCK_NAMES), round: z.number().int(), deadline: iso, overdueMs: z.number() })),
  }),
);
