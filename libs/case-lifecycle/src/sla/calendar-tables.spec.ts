import { computeDeadline } from './compute-deadline';
import { clockFromSpec, type SlaClockSpec } from './iso-duration';
import { WorkingCalendar } from './working-calendar';

const bj = (local: string): Date => new Date(`${local}:00+08:00`);

function deadlineOf(start: string, spec: SlaClockSpec, calendar = new WorkingCalendar()): string {
  const clock = clockFromSpec(spec);
  if (!clock.ok) throw new Error(clock.message);
  const result = computeDeadline({ start: bj(start), clock: clock.clock, calendar });
  return result.ok ? result.deadline.toISOString() : result.error.code;
}

// Each row was worked out by hand from the State Council's schedules (国务院办公厅 holiday notices),
// as chinese-days carries them: holidays, and the Saturdays/Sundays that are make-up working days (调休).
describe('SLA calendar tables across holidays and make-up days', () => {
  describe('2 working days (P2D), whole days ending 17:00', () => {
    it.each([
      ['from Friday 2025-09-26 10:00, before National Day: the make-up Sunday 09-28 counts, then Monday', '2025-09-26T10:00', '2025-09-29T17:00'],
      ['from the same Friday before opening: Friday itself and the make-up Sunday', '2025-09-26T08:00', '2025-09-28T17:00'],
      ['from Friday 2026-09-25, Mid-Autumn and a rest day: Monday and Tuesday', '2026-09-25T10:00', '2026-09-29T17:00'],
      ['from Friday 2026-09-18: the make-up Sunday 09-20, then Monday', '2026-09-18T10:00', '2026-09-21T17:00'],
      ['from the eve of National Day 2026-09-30: golden week skipped, Thursday and Friday', '2026-09-30T10:00', '2026-10-09T17:00'],
      ['from Friday 2026-10-09: the make-up Saturday 10-10, then Monday', '2026-10-09T10:00', '2026-10-12T17:00'],
    ])('%s', (_what, start, expected) => {
      expect(deadlineOf(start, { duration: 'P2D', basis: 'working_days' })).toBe(bj(expected).toISOString());
    });
  });

  describe('4 working hours (PT4H) from 16:00 on the eve of a holiday', () => {
    it.each([
      ['National Day 2026: one hour on 09-30, three on Thursday 10-08', '2026-09-30T16:00', '2026-10-08T12:00'],
      ['National Day 2025 (with Mid-Autumn): one hour on 09-30, three on Thursday 10-09', '2025-09-30T16:00', '2025-10-09T12:00'],
      ['Spring Festival 2026, eve on the make-up Saturday 02-14: resumes Tuesday 02-24', '2026-02-14T16:00', '2026-02-24T12:00'],
      ['Labour Day 2026: resumes Wednesday 05-06', '2026-04-30T16:00', '2026-05-06T12:00'],
      ['New Year 2026: resumes on the make-up Sunday 01-04', '2025-12-31T16:00', '2026-01-04T12:00'],
      ['an ordinary Friday before the make-up Saturday 2026-05-09', '2026-05-08T16:00', '2026-05-09T12:00'],
    ])('%s', (_what, start, expected) => {
      expect(deadlineOf(start, { duration: 'PT4H', basis: 'working_hours' })).toBe(bj(expected).toISOString());
    });
  });

  describe('the other bases ignore the calendar', () => {
    it.each<[string, SlaClockSpec, string]>([
      ['clock time runs through golden week', { duration: 'PT24H', basis: 'clock_time' }, '2026-10-01T16:00'],
      ['natural days run through golden week', { duration: 'P7D', basis: 'natural_days' }, '2026-10-07T16:00'],
      ['a test clock in seconds', { duration: 'PT30S', basis: 'clock_time' }, '2026-09-30T16:00:30'],
    ])('%s', (_what, spec, expected) => {
      const expectedIso = new Date(`${expected.length === 16 ? `${expected}:00` : expected}+08:00`).toISOString();
      expect(deadlineOf('2026-09-30T16:00', spec)).toBe(expectedIso);
    });
  });

  describe('a year without holiday data', () => {
    it('is reported for a working-day clock that walks into 2027, never guessed', () => {
      expect(deadlineOf('2026-12-31T10:00', { duration: 'P2D', basis: 'working_days' })).toBe('CALENDAR.YEAR_NOT_COVERED');
    });

    it('is answered once an operator declares 2027 covered and names its holidays', () => {
      const calendar = new WorkingCalendar({ extraCoveredYears: [2027], overrides: [{ date: '2027-01-01', isWorkday: false }] });
      expect(deadlineOf('2026-12-31T10:00', { duration: 'P2D', basis: 'working_days' }, calendar)).toBe(bj('2027-01-05T17:00').toISOString());
    });
  });
});
