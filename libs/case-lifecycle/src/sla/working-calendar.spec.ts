import { CHINESE_DAYS_COVERED_YEARS } from './chinese-holiday-data';
import { WorkingCalendar } from './working-calendar';

describe('WorkingCalendar', () => {
  it('covers the years chinese-days 1.5.7 ships data for: 2004–2026', () => {
    expect(CHINESE_DAYS_COVERED_YEARS).toEqual({ first: 2004, last: 2026 });
  });

  it.each([
    ['2026-10-01', 'rest_day', 'National Day'],
    ['2026-10-07', 'rest_day', 'last day of golden week'],
    ['2026-10-08', 'workday', 'a Thursday after golden week'],
    ['2026-09-20', 'workday', 'make-up Sunday (调休)'],
    ['2026-10-10', 'workday', 'make-up Saturday (调休)'],
    ['2026-10-17', 'rest_day', 'an ordinary Saturday'],
    ['2026-09-25', 'rest_day', 'Mid-Autumn Festival on a Friday'],
    ['2027-01-04', 'not_covered', 'a Monday in a year without data'],
  ])('classifies %s as %s (%s)', (date, expected) => {
    expect(new WorkingCalendar().dayType(date)).toBe(expected);
  });

  it('lets an override win over the official data', () => {
    const calendar = new WorkingCalendar({ overrides: [{ date: '2026-10-08', isWorkday: false }] });
    expect(calendar.dayType('2026-10-08')).toBe('rest_day');
  });

  it('treats an override as known even in a year that is not covered', () => {
    const calendar = new WorkingCalendar({ overrides: [{ date: '2027-01-01', isWorkday: false }] });
    expect([calendar.dayType('2027-01-01'), calendar.dayType('2027-01-04')]).toEqual(['rest_day', 'not_covered']);
  });

  it('falls back to Monday–Friday plus overrides in a year the operator declared covered', () => {
    const calendar = new WorkingCalendar({ extraCoveredYears: [2027] });
    expect([calendar.dayType('2027-01-04'), calendar.dayType('2027-01-09')]).toEqual(['workday', 'rest_day']);
  });

  it('reads local dates in its own UTC offset', () => {
    expect(new WorkingCalendar().localDateOf(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });

  it.each([
    ['overlapping windows', { windows: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }] }],
    ['an empty window', { windows: [{ start: '09:00', end: '09:00' }] }],
    ['no windows', { windows: [] }],
    ['a malformed time', { windows: [{ start: '9:00', end: '17:00' }] }],
    ['a time past 24:00', { windows: [{ start: '09:00', end: '24:30' }] }],
    ['an impossible override date', { overrides: [{ date: '2026-02-30', isWorkday: true }] }],
    [
      'conflicting overrides',
      { overrides: [{ date: '2026-03-02', isWorkday: true }, { date: '2026-03-02', isWorkday: false }] },
    ],
    ['a fractional UTC offset in minutes', { utcOffsetMinutes: 480.5 }],
  ])('refuses a config with %s', (_what, config) => {
    expect(() => new WorkingCalendar(config)).toThrow(/CALENDAR\.INVALID_CONFIG/);
  });
});
