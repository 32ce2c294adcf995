import { addDays, localDateOf, yearOf } from './local-date';
import { yearNotCovered } from './sla-errors';
import type { WorkingCalendar } from './working-calendar';
import { workingIntervalsOn, type CalendarOutcome } from './working-time';

// N whole working days: the start day counts only when it is a working day and the case arrived
// before its first window opened (a whole day was available); otherwise counting starts the next
// working day. The deadline is the close of the last window on the N-th counted day.
// e.g. Mon 08:30 + 1 → Mon 17:00; Mon 09:01 + 1 → Tue 17:00; Sat + 1 → Mon 17:00.
export function endOfWorkingDays(calendar: WorkingCalendar, startMs: number, days: number): CalendarOutcome<number> {
  if (days === 0) return { ok: true, value: startMs };
  let date = localDateOf(startMs, calendar.utcOffsetMinutes);
  let counted = 0;
  for (let isStartDay = true; ; isStartDay = false, date = addDays(date, 1)) {
    const dayType = calendar.dayType(date);
    if (dayType === 'not_covered') return { ok: false, error: yearNotCovered(yearOf(date)) };
    if (dayType === 'rest_day') continue;
    const windows = workingIntervalsOn(calendar, date);
    const isWholeDayAvailable = !isStartDay || startMs <= windows[0].startMs;
    if (isWholeDayAvailable) counted += 1;
    if (counted === days) return { ok: true, value: windows[windows.length - 1].endMs };
  }
}
