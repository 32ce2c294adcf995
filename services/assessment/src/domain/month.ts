/** A calendar month as `YYYY-MM`. */
export type Month = string;

export const MONTH_PATTERN = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

/** The month an instant falls in, on the clock of the given UTC offset (Beijing: +480 minutes). */
export function monthOf(instant: Date, utcOffsetMinutes: number): Month {
  const local = new Date(instant.getTime() + utcOffsetMinutes * 60_000);
  return `${String(local.getUTCFullYear()).padStart(4, '0')}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month `delta` months after `month` (negative: before). */
export function addMonths(month: Month, delta: number): Month {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `first` to `last`, both included. */
export function monthsBetween(first: Month, last: Month): Month[] {
  const months: Month[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}
