import type { SlaClockUnit } from './sla-clock';
import { invalidSlaInput, type SlaError } from './sla-errors';
import type { WorkingCalendar } from './working-calendar';
import { addWorkingTime, workingTimeBetween } from './working-time';

// Warn at 50 % and 80 % of the allowed time (DOMAIN.md §4, *config*).
export const DEFAULT_WARNING_THRESHOLDS: readonly number[] = [0.5, 0.8];

export type WarningTimesInput = {
  readonly start: Date;
  readonly deadline: Date;
  // Fractions of the allowed time, 0..1.
  readonly thresholds: readonly number[];
  // The unit of the clock that produced the deadline: decides how time is measured.
  readonly unit: SlaClockUnit;
  // Consulted only for working_hours and working_days.
  readonly calendar: WorkingCalendar;
};

// One warning per threshold, in the order given.
export type WarningTimesResult =
  | { readonly ok: true; readonly warnings: readonly Date[] }
  | { readonly ok: false; readonly error: SlaError };

function validationError({ start, deadline, thresholds }: WarningTimesInput): string | undefined {
  if (Number.isNaN(start.getTime()) || Number.isNaN(deadline.getTime())) return 'start and deadline must be valid dates';
  if (deadline.getTime() < start.getTime()) return 'deadline is before start';
  const bad = thresholds.find((t) => !(t >= 0 && t <= 1));
  return bad === undefined ? undefined : `thresholds must be fractions between 0 and 1, got ${bad}`;
}

// Working-time clocks measure the fraction in working time, so a warning never lands at night or on a
// holiday. For working_days the uncounted rest of the start day is included, which moves warnings
// slightly earlier, never later.
export function warningTimes(input: WarningTimesInput): WarningTimesResult {
  const invalid = validationError(input);
  if (invalid !== undefined) return { ok: false, error: invalidSlaInput(invalid) };

  const startMs = input.start.getTime();
  const isWorkingTimeClock = input.unit === 'working_hours' || input.unit === 'working_days';
  if (!isWorkingTimeClock) {
    const allowedMs = input.deadline.getTime() - startMs;
    return { ok: true, warnings: input.thresholds.map((t) => new Date(startMs + Math.round(allowedMs * t))) };
  }

  const allowed = workingTimeBetween(input.calendar, startMs, input.deadline.getTime());
  if (!allowed.ok) return allowed;
  const warnings: Date[] = [];
  for (const t of input.thresholds) {
    const at = addWorkingTime(input.calendar, startMs, Math.round(allowed.value * t));
    if (!at.ok) return at;
    warnings.push(new Date(at.value));
  }
  return { ok: true, warnings };
}
