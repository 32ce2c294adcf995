// Calendar dates as 'YYYY-MM-DD' strings in the calendar's fixed UTC offset.
// All arithmetic goes through UTC fields, so the server's own time zone never matters.
export type LocalDate = string;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: LocalDate): [number, number, number] {
  const match = LOCAL_DATE_PATTERN.exec(date);
  if (match === null) {
    throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function format(utcMidnight: Date): LocalDate {
  return utcMidnight.toISOString().slice(0, 10);
}

export function isValidLocalDate(value: string): boolean {
  if (!LOCAL_DATE_PATTERN.test(value)) return false;
  const [year, month, day] = parts(value);
  return format(new Date(Date.UTC(year, month - 1, day))) === value;
}

export function localDateOf(instantMs: number, utcOffsetMinutes: number): LocalDate {
  return format(new Date(instantMs + utcOffsetMinutes * MS_PER_MINUTE));
}

export function localMidnightMs(date: LocalDate, utcOffsetMinutes: number): number {
  const [year, month, day] = parts(date);
  return Date.UTC(year, month - 1, day) - utcOffsetMinutes * MS_PER_MINUTE;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = parts(date);
  return format(new Date(Date.UTC(year, month - 1, day + days)));
}

export function yearOf(date: LocalDate): number {
  return parts(date)[0];
}

// 0 = Sunday … 6 = Saturday
export function weekdayOf(date: LocalDate): number {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
