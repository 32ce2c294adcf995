import { MONTH_PATTERN, addMonths, monthOf, monthsBetween } from './month';

describe('months', () => {
  it('puts an instant in the month of the Beijing clock, not UTC', () => {
    expect(monthOf(new Date('2026-03-31T16:30:00Z'), 480)).toBe('2026-04');
    expect(monthOf(new Date('2026-03-31T15:59:59Z'), 480)).toBe('2026-03');
    expect(monthOf(new Date('2026-03-31T16:30:00Z'), 0)).toBe('2026-03');
  });

  it('moves across years in both directions', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('accepts a month of the years 1000 to 9999 only', () => {
    expect(['2026-01', '1000-12'].every((month) => MONTH_PATTERN.test(month))).toBe(true);
    expect(['0999-01', '2026-13', '2026-00', '2026-1'].some((month) => MONTH_PATTERN.test(month))).toBe(false);
  });
});
