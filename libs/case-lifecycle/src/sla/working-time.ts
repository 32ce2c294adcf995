import { addDays, localDateOf, localMidnightMs, MS_PER_MINUTE, yearOf, type LocalDate } from './local-date';
import { yearNotCovered, type YearNotCoveredError } from './sla-errors';
import type { WorkingCalendar } from './working-calendar';

export type CalendarOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: YearNotCoveredError };

type Interval = { readonly startMs: number; readonly endMs: number };

export function workingIntervalsOn(calendar: WorkingCalendar, date: LocalDate): readonly Interval[] {
  const midnightMs = localMidnightMs(date, calendar.utcOffsetMinutes);
  return calendar.windows.map((w) => ({
    startMs: midnightMs + w.startMinute * MS_PER_MINUTE,
    endMs: midnightMs + w.endMinute * MS_PER_MINUTE,
  }));
}

// The earliest instant by which `durationMs` of working time has elapsed since `startMs`.
// A start outside the windows begins counting at the next window; a result exactly at a window's
// end stays there (12:00, not 13:00).
export function addWorkingTime(calendar: WorkingCalendar, startMs: number, durationMs: number): CalendarOutcome<number> {
  if (durationMs === 0) return { ok: true, value: startMs };
  let remainingMs = durationMs;
  // Terminates: every covered range is finite, and the first uncovered day returns an error.
  for (let date = localDateOf(startMs, calendar.utcOffsetMinutes); ; date = addDays(date, 1)) {
    const dayType = calendar.dayType(date);
    if (dayType === 'not_covered') return { ok: false, error: yearNotCovered(yearOf(date)) };
    if (dayType === 'rest_day') continue;
    for (const window of workingIntervalsOn(calendar, date)) {
      const fromMs = Math.max(window.startMs, startMs);
      if (fromMs >= window.endMs) continue;
      const availableMs = window.endMs - fromMs;
      if (remainingMs <= availableMs) return { ok: true, value: fromMs + remainingMs };
      remainingMs -= availableMs;
    }
  }
}

export function workingTimeBetween(calendar: WorkingCalendar, startMs: number, endMs: number): CalendarOutcome<number> {
  let totalMs = 0;
  // endMs itself is excluded, so an end at local midnight does not pull in (and require coverage of) the next day.
  const lastDate = localDateOf(Math.max(startMs, endMs - 1), calendar.utcOffsetMinutes);
  for (let date = localDateOf(startMs, calendar.utcOffsetMinutes); date <= lastDate; date = addDays(date, 1)) {
    const dayType = calendar.dayType(date);
    if (dayType === 'not_covered') return { ok: false, error: yearNotCovered(yearOf(date)) };
    if (dayType === 'rest_day') continue;
    for (const window of workingIntervalsOn(calendar, date)) {
      totalMs += Math.max(0, Math.min(window.endMs, endMs) - Math.max(window.startMs, startMs));
    }
  }
  return { ok: true, value: totalMs };
}
