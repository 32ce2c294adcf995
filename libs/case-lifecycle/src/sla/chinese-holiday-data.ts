// The package's own isWorkday() mixes UTC parsing with local-time getters and is wrong when the
// process runs west of UTC (TZ=America/New_York: Saturday 2026-10-17 reads as a workday), so we
// read its published data (State Council notices, one year at a time) and do the weekday math ourselves.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { weekdayOf, yearOf, type LocalDate } from './local-date';

const OFFICIAL_HOLIDAYS: ReadonlySet<LocalDate> = new Set(Object.keys(chineseDaysData.holidays));
// 调休上班: Saturdays/Sundays that are working days.
const OFFICIAL_MAKE_UP_WORKDAYS: ReadonlySet<LocalDate> = new Set(Object.keys(chineseDaysData.workdays));

function coveredYearRange(): { readonly first: number; readonly last: number } {
  const years = [...OFFICIAL_HOLIDAYS].map(yearOf);
  return { first: Math.min(...years), last: Math.max(...years) };
}

// chinese-days 1.5.7 covers 2004–2026; detected so an upgrade that adds a year extends coverage.
export const CHINESE_DAYS_COVERED_YEARS = coveredYearRange();

// Only meaningful for a covered year: elsewhere it would silently fall back to weekends-only.
export function isOfficialWorkday(date: LocalDate): boolean {
  if (OFFICIAL_MAKE_UP_WORKDAYS.has(date)) return true;
  if (OFFICIAL_HOLIDAYS.has(date)) return false;
  const weekday = weekdayOf(date);
  return weekday >= 1 && weekday <= 5;
}
