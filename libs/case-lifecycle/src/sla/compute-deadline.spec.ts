import { computeDeadline } from './compute-deadline';
import { WorkingCalendar } from './working-calendar';
import { type SlaClock } from './sla-clock';

// Local Beijing wall time 'YYYY-MM-DDTHH:mm' as an instant.
const bj = (local: string): Date => new Date(`${local}:00+08:00`);

const deadlineFor = (start: string, clock: SlaClock, calendar = new WorkingCalendar()) =>
  computeDeadline({ start: bj(start), clock, calendar });

describe('computeDeadline with clock hours and natural days', () => {
  it('adds clock hours straight through night and holidays', () => {
    expect(deadlineFor('2026-10-01T23:00', { amount: 2, unit: 'clock_hours' })).toEqual({
      ok: true,
      deadline: bj('2026-10-02T01:00'),
    });
  });

  it('supports fractional clock hours such as the 30-minute whistle call', () => {
    expect(deadlineFor('2026-03-02T10:00', { amount: 0.5, unit: 'clock_hours' })).toEqual({
      ok: true,
      deadline: bj('2026-03-02T10:30'),
    });
  });

  it('counts natural days as 24 hours each, golden week included', () => {
    expect(deadlineFor('2026-09-30T10:00', { amount: 7, unit: 'natural_days' })).toEqual({
      ok: true,
      deadline: bj('2026-10-07T10:00'),
    });
  });

  it('needs no holiday data, so a 2027 start still gets a deadline', () => {
    expect(deadlineFor('2027-05-01T10:00', { amount: 24, unit: 'clock_hours' })).toEqual({
      ok: true,
      deadline: bj('2027-05-02T10:00'),
    });
  });
});

describe('computeDeadline with working hours (09:00–12:00, 13:00–17:00)', () => {
  it.each([
    ['stays inside one window', '2026-03-02T09:30', 2, '2026-03-02T11:30'],
    ['skips the lunch break', '2026-03-02T11:00', 2, '2026-03-02T14:00'],
    ['stops at noon rather than jumping to 13:00 when time runs out exactly', '2026-03-02T10:00', 2, '2026-03-02T12:00'],
    ['starts counting at 13:00 for a case received over lunch', '2026-03-02T12:30', 1, '2026-03-02T14:00'],
    ['carries over the night', '2026-03-02T16:00', 3, '2026-03-03T11:00'],
    ['starts counting next morning for a case received at night', '2026-03-02T20:00', 1, '2026-03-03T10:00'],
    ['skips the weekend', '2026-03-06T16:00', 2, '2026-03-09T10:00'],
    ['skips the National Day golden week', '2026-09-30T16:00', 2, '2026-10-08T10:00'],
    ['skips the Mid-Autumn holiday on a Friday', '2026-09-24T16:00', 2, '2026-09-28T10:00'],
    ['counts the make-up working Sunday before National Day (调休)', '2026-09-19T10:00', 1, '2026-09-20T10:00'],
    ['counts the make-up working Saturday after National Day (调休)', '2026-10-09T16:00', 2, '2026-10-10T10:00'],
    ['handles fractions of an hour across lunch', '2026-03-02T11:45', 0.5, '2026-03-02T13:15'],
    ['returns the start itself for zero hours', '2026-03-07T20:00', 0, '2026-03-07T20:00'],
  ])('%s', (_behaviour, start, hours, expected) => {
    expect(deadlineFor(start, { amount: hours, unit: 'working_hours' })).toEqual({ ok: true, deadline: bj(expected) });
  });

  it('reads the start in Beijing time whatever offset the instant was written in', () => {
    const result = computeDeadline({
      start: new Date('2026-03-02T08:00:00Z'), // 16:00 in Beijing
      clock: { amount: 3, unit: 'working_hours' },
      calendar: new WorkingCalendar(),
    });
    expect(result).toEqual({ ok: true, deadline: bj('2026-03-03T11:00') });
  });
});

describe('computeDeadline with working days (N whole working days, end of day 17:00)', () => {
  it.each([
    ['does not count a start day already under way', '2026-03-02T10:00', 1, '2026-03-03T17:00'],
    ['counts the start day when the case arrived before opening', '2026-03-02T08:30', 1, '2026-03-02T17:00'],
    ['counts the start day when the case arrived exactly at opening', '2026-03-02T09:00', 1, '2026-03-02T17:00'],
    ['does not count the start day from one minute after opening', '2026-03-02T09:01', 1, '2026-03-03T17:00'],
    ['starts counting on Monday for a case received on Saturday', '2026-03-07T10:00', 1, '2026-03-09T17:00'],
    ['skips golden week and counts the make-up Saturday 10-10', '2026-09-30T10:00', 5, '2026-10-13T17:00'],
    ['ends on the make-up Saturday when it is the N-th working day', '2026-10-09T10:00', 1, '2026-10-10T17:00'],
    ['returns the start itself for zero days', '2026-03-02T10:00', 0, '2026-03-02T10:00'],
  ])('%s', (_behaviour, start, days, expected) => {
    expect(deadlineFor(start, { amount: days, unit: 'working_days' })).toEqual({ ok: true, deadline: bj(expected) });
  });
});

describe('computeDeadline with operator overrides', () => {
  it('skips a weekday the operator declared a rest day', () => {
    const calendar = new WorkingCalendar({ overrides: [{ date: '2026-03-03', isWorkday: false }] });
    expect(deadlineFor('2026-03-02T16:00', { amount: 2, unit: 'working_hours' }, calendar)).toEqual({
      ok: true,
      deadline: bj('2026-03-04T10:00'),
    });
  });

  it('counts a Saturday the operator declared a workday', () => {
    const calendar = new WorkingCalendar({ overrides: [{ date: '2026-03-07', isWorkday: true }] });
    expect(deadlineFor('2026-03-06T16:00', { amount: 2, unit: 'working_hours' }, calendar)).toEqual({
      ok: true,
      deadline: bj('2026-03-07T10:00'),
    });
  });
});

describe('computeDeadline without holiday data', () => {
  it('refuses a working-hours deadline for a 2027 start instead of guessing weekends', () => {
    expect(deadlineFor('2027-03-01T10:00', { amount: 2, unit: 'working_hours' })).toEqual({
      ok: false,
      error: { code: 'CALENDAR.YEAR_NOT_COVERED', year: 2027, message: expect.stringContaining('2027') },
    });
  });

  it('refuses a working-days deadline for a 2027 start', () => {
    const result = deadlineFor('2027-03-01T10:00', { amount: 5, unit: 'working_days' });
    expect(!result.ok && result.error.code).toBe('CALENDAR.YEAR_NOT_COVERED');
  });

  it('refuses when the walk crosses from 2026 into 2027', () => {
    const result = deadlineFor('2026-12-31T16:00', { amount: 2, unit: 'working_hours' });
    expect(!result.ok && result.error).toMatchObject({ code: 'CALENDAR.YEAR_NOT_COVERED', year: 2027 });
  });

  it('answers when the walk stays inside 2026 even near the year end', () => {
    expect(deadlineFor('2026-12-31T10:00', { amount: 2, unit: 'working_hours' })).toEqual({
      ok: true,
      deadline: bj('2026-12-31T12:00'),
    });
  });

  it('walks into 2027 once the operator declares it covered and supplies its holidays', () => {
    const calendar = new WorkingCalendar({
      extraCoveredYears: [2027],
      overrides: [{ date: '2027-01-01', isWorkday: false }], // 元旦, a Friday
    });
    expect(deadlineFor('2026-12-31T16:00', { amount: 2, unit: 'working_hours' }, calendar)).toEqual({
      ok: true,
      deadline: bj('2027-01-04T10:00'),
    });
  });
});

describe('computeDeadline input checks', () => {
  it.each<[string, Date, SlaClock]>([
    ['a negative amount', bj('2026-03-02T10:00'), { amount: -1, unit: 'clock_hours' }],
    ['a non-finite amount', bj('2026-03-02T10:00'), { amount: Number.NaN, unit: 'working_hours' }],
    ['a fractional number of working days', bj('2026-03-02T10:00'), { amount: 1.5, unit: 'working_days' }],
    ['an invalid start', new Date('not a date'), { amount: 1, unit: 'natural_days' }],
  ])('rejects %s as SLA.INVALID_INPUT', (_what, start, clock) => {
    const result = computeDeadline({ start, clock, calendar: new WorkingCalendar() });
    expect(!result.ok && result.error.code).toBe('SLA.INVALID_INPUT');
  });
});
