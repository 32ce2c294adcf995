import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './local-date';
import type { SlaClock } from './sla-clock';

/** How a clock counts (DOMAIN.md §4): 时钟时间, 工作小时, 工作日, 自然日. */
export const SLA_BASES = ['clock_time', 'working_hours', 'working_days', 'natural_days'] as const;
export type SlaBasis = (typeof SLA_BASES)[number];

/** A clock as operators write it: an ISO 8601 duration and the basis it counts in. */
export type SlaClockSpec = { readonly duration: string; readonly basis: SlaBasis };

export type IsoDurationParts = { readonly weeks: number; readonly days: number; readonly hours: number; readonly minutes: number; readonly seconds: number };

// Years and months have no fixed length, so they are refused rather than guessed.
const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(text: string): IsoDurationParts | undefined {
  const match = ISO_DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) return undefined;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return { weeks, days, hours, minutes, seconds };
}

function wallMs(parts: IsoDurationParts): number {
  return (parts.weeks * 7 + parts.days) * MS_PER_DAY + parts.hours * MS_PER_HOUR + parts.minutes * MS_PER_MINUTE + parts.seconds * 1000;
}

export type ClockSpecOutcome = { readonly ok: true; readonly clock: SlaClock } | { readonly ok: false; readonly message: string };

/**
 * Turns an operator's clock into the calendar's units. Working days count whole days only (P2D);
 * working hours count time only (PT4H, PT30M, PT10S), never days, whose length would be ambiguous.
 */
export function clockFromSpec(spec: SlaClockSpec): ClockSpecOutcome {
  const parts = parseIsoDuration(spec.duration);
  if (parts === undefined) {
    return { ok: false, message: `"${spec.duration}" is not an ISO 8601 duration of weeks, days, hours, minutes and seconds (e.g. PT24H, P7D, PT30S)` };
  }
  const ms = wallMs(parts);
  if (ms <= 0) return { ok: false, message: 'duration must be longer than zero' };
  const hasTime = parts.hours + parts.minutes + parts.seconds > 0;
  const days = parts.weeks * 7 + parts.days;
  switch (spec.basis) {
    case 'clock_time':
      return { ok: true, clock: { amount: ms / MS_PER_HOUR, unit: 'clock_hours' } };
    case 'natural_days':
      return { ok: true, clock: { amount: ms / MS_PER_DAY, unit: 'natural_days' } };
    case 'working_hours':
      if (days > 0) return { ok: false, message: 'working_hours takes a time-only duration (PT4H), not days' };
      return { ok: true, clock: { amount: ms / MS_PER_HOUR, unit: 'working_hours' } };
    case 'working_days':
      if (hasTime || !Number.isInteger(days)) return { ok: false, message: 'working_days takes whole days only (P2D)' };
      return { ok: true, clock: { amount: days, unit: 'working_days' } };
  }
}

/** Plain clock time, for a wall-clock offset such as the delay before escalating (P1D, PT10S). */
export function isoDurationMs(text: string): number | undefined {
  const parts = parseIsoDuration(text);
  return parts === undefined ? undefined : wallMs(parts);
}
