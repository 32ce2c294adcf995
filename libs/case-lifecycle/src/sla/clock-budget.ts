import type { SlaClock, SlaClockUnit } from './sla-clock';
import type { SlaError } from './sla-errors';
import type { WorkingCalendar } from './working-calendar';
import { computeDeadline } from './compute-deadline';
import { addWorkingTime, workingTimeBetween } from './working-time';

export type BudgetOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SlaError };

/**
 * A clock as a budget of time in its own measure: working time for working hours and days, plain
 * elapsed time otherwise. Pauses, warnings at a fraction and moved deadlines are all arithmetic on it.
 */
export class ClockBudget {
  private readonly isWorkingTime: boolean;

  constructor(
    readonly unit: SlaClockUnit,
    private readonly calendar: WorkingCalendar,
  ) {
    this.isWorkingTime = unit === 'working_hours' || unit === 'working_days';
  }

  /** The allowed time of a clock started at `start`: the measure from the start to its deadline. */
  allowedFrom(start: Date, clock: SlaClock): BudgetOutcome<{ deadline: Date; allowedMs: number }> {
    const computed = computeDeadline({ start, clock, calendar: this.calendar });
    if (!computed.ok) return computed;
    const allowed = this.measure(start.getTime(), computed.deadline.getTime());
    return allowed.ok ? { ok: true, value: { deadline: computed.deadline, allowedMs: allowed.value } } : allowed;
  }

  /** The clock's time that passes between two instants (0 when `toMs` is not after `fromMs`). */
  measure(fromMs: number, toMs: number): BudgetOutcome<number> {
    if (toMs <= fromMs) return { ok: true, value: 0 };
    if (!this.isWorkingTime) return { ok: true, value: toMs - fromMs };
    const between = workingTimeBetween(this.calendar, fromMs, toMs);
    return between.ok ? between : { ok: false, error: between.error };
  }

  /** The instant by which `amountMs` of the clock's time has passed since `fromMs`. */
  advance(fromMs: number, amountMs: number): BudgetOutcome<number> {
    if (amountMs <= 0) return { ok: true, value: fromMs };
    if (!this.isWorkingTime) return { ok: true, value: fromMs + amountMs };
    const at = addWorkingTime(this.calendar, fromMs, amountMs);
    return at.ok ? at : { ok: false, error: at.error };
  }
}
