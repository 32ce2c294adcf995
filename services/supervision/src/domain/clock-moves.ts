import type { BudgetOutcome, ClockBudget, SlaClock } from '@hotline/case-lifecycle';
import type { SlaClockName } from '@hotline/contracts';
import type { ClockRecord } from '../infrastructure/database/clock.repository';

// Pure moves of one clock. A calendar without data for a year the clock needs is recorded on the clock
// (calendarError) and reported by GET /v1/cases/{caseId}/clocks; the clock is not guessed.

function orReport<T>(clock: ClockRecord, outcome: BudgetOutcome<T>, then: (value: T) => ClockRecord): ClockRecord {
  return outcome.ok ? then(outcome.value) : { ...clock, calendarError: outcome.error.message };
}

export function startClock(
  budget: ClockBudget,
  input: { caseId: string; round: number; clock: SlaClockName; agencyId: string; spec: SlaClock; start: Date; warningFractions: number[]; escalateAfterMs: number | null },
): ClockRecord {
  const fresh: ClockRecord = {
    caseId: input.caseId,
    round: input.round,
    clock: input.clock,
    agencyId: input.agencyId,
    unit: input.spec.unit,
    startedAt: input.start,
    allowedMs: null,
    consumedMs: 0,
    runningSince: input.start,
    pausedAt: null,
    pausedMs: 0,
    deadline: null,
    stoppedAt: null,
    stopReason: null,
    calendarError: null,
    warningFractions: input.warningFractions,
    escalateAfterMs: input.escalateAfterMs,
  };
  return orReport(fresh, budget.allowedFrom(input.start, input.spec), ({ deadline, allowedMs }) => ({ ...fresh, deadline, allowedMs }));
}

export function pauseClock(budget: ClockBudget, clock: ClockRecord, now: Date): ClockRecord {
  if (clock.stoppedAt !== null || clock.runningSince === null) return clock;
  const runningSince = clock.runningSince;
  return orReport(clock, budget.measure(runningSince.getTime(), now.getTime()), (usedMs) => ({
    ...clock,
    consumedMs: clock.consumedMs + usedMs,
    runningSince: null,
    pausedAt: now,
  }));
}

export function resumeClock(budget: ClockBudget, clock: ClockRecord, now: Date): ClockRecord {
  if (clock.stoppedAt !== null || clock.pausedAt === null) return clock;
  const resumed: ClockRecord = { ...clock, pausedMs: clock.pausedMs + Math.max(0, now.getTime() - clock.pausedAt.getTime()), pausedAt: null, runningSince: now };
  if (resumed.allowedMs === null) return resumed;
  return orReport(resumed, budget.advance(now.getTime(), resumed.allowedMs - resumed.consumedMs), (deadlineMs) => ({ ...resumed, deadline: new Date(deadlineMs) }));
}

export function stopClock(budget: ClockBudget, clock: ClockRecord, now: Date, reason: string): ClockRecord {
  if (clock.stoppedAt !== null) return clock;
  const paused = pauseClock(budget, clock, now);
  const pausedMs = paused.pausedAt === null ? paused.pausedMs : paused.pausedMs + Math.max(0, now.getTime() - paused.pausedAt.getTime());
  // The pause that pauseClock just began is not a pause: the clock stops here.
  const wasPausedBefore = clock.pausedAt !== null;
  return { ...paused, pausedMs: wasPausedBefore ? pausedMs : paused.pausedMs, pausedAt: null, runningSince: null, stoppedAt: now, stopReason: reason };
}

/** 答非所问: a returned reply no longer counts, so the feedback clock runs again from now. */
export function restartClock(budget: ClockBudget, clock: ClockRecord, now: Date): ClockRecord {
  if (clock.stoppedAt === null) return clock;
  return resumeClock(budget, { ...clock, stoppedAt: null, stopReason: null, pausedAt: now }, now);
}

/** An approved extension (延期): the clock now ends at `deadline`, and its allowed time grows to match. */
export function moveDeadline(budget: ClockBudget, clock: ClockRecord, deadline: Date): ClockRecord {
  if (clock.stoppedAt !== null || clock.runningSince === null) return clock;
  const runningSince = clock.runningSince;
  return orReport(clock, budget.measure(runningSince.getTime(), deadline.getTime()), (leftMs) => ({
    ...clock,
    allowedMs: clock.consumedMs + leftMs,
    deadline,
  }));
}

export interface ClockReading {
  elapsedMs: number;
  remainingMs: number | null;
  pausedMs: number;
  isPaused: boolean;
  isOverdue: boolean;
}

/** A clock at `now`, in its own measure (working time for working clocks). */
export function readClock(budget: ClockBudget, clock: ClockRecord, now: Date): ClockReading {
  const running = clock.runningSince === null ? { ok: true as const, value: 0 } : budget.measure(clock.runningSince.getTime(), now.getTime());
  const elapsedMs = clock.consumedMs + (running.ok ? running.value : 0);
  const pausedMs = clock.pausedMs + (clock.pausedAt === null ? 0 : Math.max(0, now.getTime() - clock.pausedAt.getTime()));
  const remainingMs = clock.allowedMs === null ? null : clock.allowedMs - elapsedMs;
  const isOverdue = clock.stoppedAt === null && clock.deadline !== null && clock.deadline.getTime() < now.getTime();
  return { elapsedMs, remainingMs, pausedMs, isPaused: clock.pausedAt !== null, isOverdue };
}
