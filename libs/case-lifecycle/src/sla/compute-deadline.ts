import { MS_PER_DAY, MS_PER_HOUR } from './local-date';
import type { SlaClock } from './sla-clock';
import { invalidSlaInput, type SlaError } from './sla-errors';
import type { WorkingCalendar } from './working-calendar';
import { addWorkingTime } from './working-time';
import { endOfWorkingDays } from './working-days';

export type DeadlineResult = { readonly ok: true; readonly deadline: Date } | { readonly ok: false; readonly error: SlaError };

export type ComputeDeadlineInput = {
  readonly start: Date;
  readonly clock: SlaClock;
  // Consulted only for working_hours and working_days.
  readonly calendar: WorkingCalendar;
};

function validationError(start: Date, clock: SlaClock): string | undefined {
  if (Number.isNaN(start.getTime())) return 'start is not a valid date';
  if (!Number.isFinite(clock.amount) || clock.amount < 0) return `clock amount must be a finite number ≥ 0, got ${clock.amount}`;
  if (clock.unit === 'working_days' && !Number.isInteger(clock.amount)) {
    return `working_days counts whole days, got ${clock.amount}`;
  }
  return undefined;
}

export function computeDeadline({ start, clock, calendar }: ComputeDeadlineInput): DeadlineResult {
  const invalid = validationError(start, clock);
  if (invalid !== undefined) return { ok: false, error: invalidSlaInput(invalid) };

  const startMs = start.getTime();
  switch (clock.unit) {
    case 'clock_hours':
      return { ok: true, deadline: new Date(startMs + Math.round(clock.amount * MS_PER_HOUR)) };
    case 'natural_days':
      // Fixed offset, no DST: n natural days are exactly n × 24 h.
      return { ok: true, deadline: new Date(startMs + Math.round(clock.amount * MS_PER_DAY)) };
    case 'working_hours': {
      const outcome = addWorkingTime(calendar, startMs, Math.round(clock.amount * MS_PER_HOUR));
      return outcome.ok ? { ok: true, deadline: new Date(outcome.value) } : outcome;
    }
    case 'working_days': {
      const outcome = endOfWorkingDays(calendar, startMs, clock.amount);
      return outcome.ok ? { ok: true, deadline: new Date(outcome.value) } : outcome;
    }
  }
}
