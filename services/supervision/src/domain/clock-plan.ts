import type { BudgetOutcome, ClockBudget } from '@hotline/case-lifecycle';

export type TimerKind = 'warning' | 'breach' | 'escalation';

export interface PlannedTimer {
  kind: TimerKind;
  /** The warning's fraction; 1 for the breach and the escalation. */
  fraction: number;
  fireAt: Date;
}

/** A clock as a budget: how much of its allowed time it had used when it last started running. */
export interface ClockState {
  allowedMs: number;
  consumedMs: number;
  /** null while paused or stopped. */
  runningSince: Date | null;
}

/**
 * When each of a running clock's timers fires: a warning when `fraction` of the allowed time is used,
 * the breach when all of it is, the escalation a fixed clock time after the breach. A paused or stopped
 * clock plans nothing: its timers are planned again when it runs.
 */
export function planTimers(
  budget: ClockBudget,
  clock: ClockState,
  options: { warningFractions: readonly number[]; escalateAfterMs: number | null },
): BudgetOutcome<PlannedTimer[]> {
  if (clock.runningSince === null) return { ok: true, value: [] };
  const from = clock.runningSince.getTime();
  const at = (usedMs: number) => budget.advance(from, Math.max(0, usedMs - clock.consumedMs));
  const timers: PlannedTimer[] = [];
  for (const fraction of options.warningFractions) {
    const fireAt = at(Math.round(clock.allowedMs * fraction));
    if (!fireAt.ok) return fireAt;
    timers.push({ kind: 'warning', fraction, fireAt: new Date(fireAt.value) });
  }
  const deadline = at(clock.allowedMs);
  if (!deadline.ok) return deadline;
  timers.push({ kind: 'breach', fraction: 1, fireAt: new Date(deadline.value) });
  if (options.escalateAfterMs !== null) {
    timers.push({ kind: 'escalation', fraction: 1, fireAt: new Date(deadline.value + options.escalateAfterMs) });
  }
  return { ok: true, value: timers };
}
