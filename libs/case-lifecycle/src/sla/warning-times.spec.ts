import { DEFAULT_WARNING_THRESHOLDS, warningTimes } from './warning-times';
import { WorkingCalendar } from './working-calendar';

const bj = (local: string): Date => new Date(`${local}:00+08:00`);

describe('warningTimes', () => {
  it('defaults to warnings at 50 % and 80 % of the allowed time', () => {
    expect(DEFAULT_WARNING_THRESHOLDS).toEqual([0.5, 0.8]);
  });

  it('measures clock-hour clocks in elapsed time', () => {
    const result = warningTimes({
      start: bj('2026-03-02T10:00'),
      deadline: bj('2026-03-03T10:00'),
      thresholds: [0.5, 0.8],
      unit: 'clock_hours',
      calendar: new WorkingCalendar(),
    });
    expect(result).toEqual({ ok: true, warnings: [bj('2026-03-02T22:00'), bj('2026-03-03T05:12')] });
  });

  it('measures working-hour clocks in working time, skipping lunch', () => {
    const result = warningTimes({
      start: bj('2026-03-02T09:00'),
      deadline: bj('2026-03-02T17:00'), // 7 working hours
      thresholds: [0.5, 0.8],
      unit: 'working_hours',
      calendar: new WorkingCalendar(),
    });
    expect(result).toEqual({ ok: true, warnings: [bj('2026-03-02T13:30'), bj('2026-03-02T15:36')] });
  });

  it('never places a working-time warning inside a holiday', () => {
    const result = warningTimes({
      start: bj('2026-09-30T16:00'),
      deadline: bj('2026-10-08T10:00'), // 2 working hours across golden week
      thresholds: [0.5, 0.8],
      unit: 'working_hours',
      calendar: new WorkingCalendar(),
    });
    expect(result).toEqual({ ok: true, warnings: [bj('2026-09-30T17:00'), bj('2026-10-08T09:36')] });
  });

  it('counts the rest of the start day for working-day clocks, so warnings come early rather than late', () => {
    const result = warningTimes({
      start: bj('2026-10-09T10:00'),
      deadline: bj('2026-10-10T17:00'), // 1 working day; 6 h left on Friday + 7 h on the make-up Saturday
      thresholds: [0.5],
      unit: 'working_days',
      calendar: new WorkingCalendar(),
    });
    expect(result).toEqual({ ok: true, warnings: [bj('2026-10-10T09:30')] });
  });

  it('returns warnings in the order the thresholds were given', () => {
    const result = warningTimes({
      start: bj('2026-03-02T00:00'),
      deadline: bj('2026-03-02T10:00'),
      thresholds: [0.8, 0.5],
      unit: 'natural_days',
      calendar: new WorkingCalendar(),
    });
    expect(result).toEqual({ ok: true, warnings: [bj('2026-03-02T08:00'), bj('2026-03-02T05:00')] });
  });

  it('reports a year without holiday data for working-time clocks', () => {
    const result = warningTimes({
      start: bj('2027-03-01T09:00'),
      deadline: bj('2027-03-01T17:00'),
      thresholds: [0.5],
      unit: 'working_hours',
      calendar: new WorkingCalendar(),
    });
    expect(!result.ok && result.error).toMatchObject({ code: 'CALENDAR.YEAR_NOT_COVERED', year: 2027 });
  });

  it.each([
    ['a threshold above 1', bj('2026-03-02T09:00'), bj('2026-03-02T17:00'), [1.2]],
    ['a negative threshold', bj('2026-03-02T09:00'), bj('2026-03-02T17:00'), [-0.1]],
    ['a deadline before the start', bj('2026-03-02T17:00'), bj('2026-03-02T09:00'), [0.5]],
  ])('rejects %s as SLA.INVALID_INPUT', (_what, start, deadline, thresholds) => {
    const result = warningTimes({ start, deadline, thresholds, unit: 'clock_hours', calendar: new WorkingCalendar() });
    expect(!result.ok && result.error.code).toBe('SLA.INVALID_INPUT');
  });
});
