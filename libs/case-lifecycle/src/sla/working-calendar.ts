import { CHINESE_DAYS_COVERED_YEARS, isOfficialWorkday } from './chinese-holiday-data';
import { isValidLocalDate, localDateOf, yearOf, type LocalDate } from './local-date';

// 'HH:mm' local time; end may be '24:00'.
export type WorkingWindow = { readonly start: string; readonly end: string };

export type WorkdayOverride = { readonly date: LocalDate; readonly isWorkday: boolean };

// All fields are operator config (DOMAIN.md §4); defaults fit a Beijing/Shanghai government office.
export type WorkingCalendarConfig = {
  readonly windows?: readonly WorkingWindow[];
  readonly utcOffsetMinutes?: number;
  readonly overrides?: readonly WorkdayOverride[];
  // Years the operator vouches for, typically because the overrides carry that year's official schedule.
  readonly extraCoveredYears?: readonly number[];
};

export type DayType = 'workday' | 'rest_day' | 'not_covered';

export type WindowMinutes = { readonly startMinute: number; readonly endMinute: number };

export const DEFAULT_WORKING_WINDOWS: readonly WorkingWindow[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

// Asia/Shanghai is +08:00 all year (no DST since 1991).
export const SHANGHAI_UTC_OFFSET_MINUTES = 480;

const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

function invalidConfig(detail: string): RangeError {
  return new RangeError(`CALENDAR.INVALID_CONFIG: ${detail}`);
}

function toMinute(time: string): number {
  const match = TIME_PATTERN.exec(time);
  const minute = match === null ? NaN : Number(match[1]) * 60 + Number(match[2]);
  const isValidTime = match !== null && Number(match[2]) < 60 && minute <= 24 * 60;
  if (!isValidTime) throw invalidConfig(`working window time must be HH:mm between 00:00 and 24:00, got "${time}"`);
  return minute;
}

function parseWindows(windows: readonly WorkingWindow[]): readonly WindowMinutes[] {
  if (windows.length === 0) throw invalidConfig('at least one working window is required');
  const parsed = windows.map((w) => ({ startMinute: toMinute(w.start), endMinute: toMinute(w.end) }));
  parsed.forEach((w, i) => {
    const previousEnd = i === 0 ? 0 : parsed[i - 1].endMinute;
    if (w.startMinute >= w.endMinute || w.startMinute < previousEnd) {
      throw invalidConfig('working windows must be non-empty, ordered and non-overlapping');
    }
  });
  return parsed;
}

function parseOverrides(overrides: readonly WorkdayOverride[]): ReadonlyMap<LocalDate, boolean> {
  const byDate = new Map<LocalDate, boolean>();
  for (const { date, isWorkday } of overrides) {
    if (!isValidLocalDate(date)) throw invalidConfig(`override date must be a real YYYY-MM-DD date, got "${date}"`);
    if (byDate.has(date) && byDate.get(date) !== isWorkday) throw invalidConfig(`conflicting overrides for ${date}`);
    byDate.set(date, isWorkday);
  }
  return byDate;
}

export class WorkingCalendar {
  readonly windows: readonly WindowMinutes[];
  readonly utcOffsetMinutes: number;
  private readonly overrides: ReadonlyMap<LocalDate, boolean>;
  private readonly extraCoveredYears: ReadonlySet<number>;

  constructor(config: WorkingCalendarConfig = {}) {
    const utcOffsetMinutes = config.utcOffsetMinutes ?? SHANGHAI_UTC_OFFSET_MINUTES;
    if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
      throw invalidConfig(`utcOffsetMinutes must be an integer within ±840, got ${utcOffsetMinutes}`);
    }
    const extraCoveredYears = config.extraCoveredYears ?? [];
    if (!extraCoveredYears.every(Number.isInteger)) throw invalidConfig('extraCoveredYears must be integers');

    this.windows = parseWindows(config.windows ?? DEFAULT_WORKING_WINDOWS);
    this.utcOffsetMinutes = utcOffsetMinutes;
    this.overrides = parseOverrides(config.overrides ?? []);
    this.extraCoveredYears = new Set(extraCoveredYears);
  }

  isYearCovered(year: number): boolean {
    const isInPackageData = year >= CHINESE_DAYS_COVERED_YEARS.first && year <= CHINESE_DAYS_COVERED_YEARS.last;
    return isInPackageData || this.extraCoveredYears.has(year);
  }

  // An override is an explicit fact about its day, so it wins over package data and needs no year coverage.
  dayType(date: LocalDate): DayType {
    const override = this.overrides.get(date);
    if (override !== undefined) return override ? 'workday' : 'rest_day';
    if (!this.isYearCovered(yearOf(date))) return 'not_covered';
    return isOfficialWorkday(date) ? 'workday' : 'rest_day';
  }

  localDateOf(instant: Date): LocalDate {
    return localDateOf(instant.getTime(), this.utcOffsetMinutes);
  }
}
