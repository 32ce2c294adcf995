import { addMonths, monthsBetween, type Month } from './month';

export interface TopicMonth {
  month: Month;
  phase: 'before' | 'after';
  count: number;
}

export interface PhaseSummary {
  months: number;
  cases: number;
  monthlyAverage: number | null;
}

/**
 * The months a topic (每月一题) is tracked over: `monthsBefore` months before the one it opened in, then the
 * opening month (counted as after) up to the current month, at most `maxMonthsAfter` months.
 */
export function trackedMonths(input: { openedMonth: Month; currentMonth: Month; monthsBefore: number; maxMonthsAfter: number }): Month[] {
  const last = input.currentMonth < input.openedMonth ? input.openedMonth : input.currentMonth;
  const cap = addMonths(input.openedMonth, input.maxMonthsAfter - 1);
  return monthsBetween(addMonths(input.openedMonth, -input.monthsBefore), last < cap ? last : cap);
}

export function trackTopic(months: readonly Month[], openedMonth: Month, counts: ReadonlyMap<Month, number>): { months: TopicMonth[]; before: PhaseSummary; after: PhaseSummary } {
  const rows = months.map((month): TopicMonth => ({ month, phase: month < openedMonth ? 'before' : 'after', count: counts.get(month) ?? 0 }));
  const summary = (phase: TopicMonth['phase']): PhaseSummary => {
    const ofPhase = rows.filter((row) => row.phase === phase);
    const cases = ofPhase.reduce((sum, row) => sum + row.count, 0);
    return { months: ofPhase.length, cases, monthlyAverage: ofPhase.length === 0 ? null : Math.round((cases / ofPhase.length) * 100) / 100 };
  };
  return { months: rows, before: summary('before'), after: summary('after') };
}
