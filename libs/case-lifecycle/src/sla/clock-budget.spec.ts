import { ClockBudget } from './clock-budget';
import { WorkingCalendar } from './working-calendar';

const bj = (local: string): number => new Date(`${local}:00+08:00`).getTime();
const HOUR = 3_600_000;

describe('ClockBudget', () => {
  it('measures a working-hours clock in working time only', () => {
    const budget = new ClockBudget('working_hours', new WorkingCalendar());
    expect(budget.measure(bj('2026-09-30T16:00'), bj('2026-10-08T10:00'))).toEqual({ ok: true, value: 2 * HOUR });
  });

  it('moves a paused working-hours deadline by the working time left when the pause began', () => {
    const budget = new ClockBudget('working_hours', new WorkingCalendar());
    // 4 working hours from 16:00 on 09-29 run until 11:00 on 09-30; paused at 10:00 (1 h left), resumed on
    // 10-08 at 16:00: the hour left ends at 17:00 the same day.
    const left = budget.measure(bj('2026-09-30T10:00'), bj('2026-09-30T11:00'));
    expect(left).toEqual({ ok: true, value: HOUR });
    expect(budget.advance(bj('2026-10-08T16:00'), HOUR)).toEqual({ ok: true, value: bj('2026-10-08T17:00') });
  });

  it('measures clock time straight through, and gives the allowed time of a clock', () => {
    const budget = new ClockBudget('clock_hours', new WorkingCalendar());
    expect(budget.allowedFrom(new Date(bj('2026-10-01T10:00')), { amount: 2, unit: 'clock_hours' })).toEqual({
      ok: true,
      value: { deadline: new Date(bj('2026-10-01T12:00')), allowedMs: 2 * HOUR },
    });
  });

  it('reports a year without data instead of measuring across it', () => {
    const budget = new ClockBudget('working_days', new WorkingCalendar());
    const result = budget.advance(bj('2026-12-31T16:00'), 8 * HOUR);
    expect(!result.ok && result.error.code).toBe('CALENDAR.YEAR_NOT_COVERED');
  });
});
