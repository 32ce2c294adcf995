import { trackTopic, trackedMonths } from './topic-tracking';

describe('topic tracking', () => {
  it('tracks six months before the opening month and the months after it, up to now', () => {
    const months = trackedMonths({ openedMonth: '2026-03', currentMonth: '2026-05', monthsBefore: 6, maxMonthsAfter: 24 });
    expect(months).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(trackedMonths({ openedMonth: '2020-01', currentMonth: '2026-05', monthsBefore: 1, maxMonthsAfter: 2 })).toEqual(['2019-12', '2020-01', '2020-02']);
  });

  it('sums and averages the counts before and after the opening month', () => {
    const tracked = trackTopic(['2026-01', '2026-02', '2026-03', '2026-04'], '2026-03', new Map([['2026-01', 6], ['2026-02', 4], ['2026-04', 1]]));
    expect(tracked.months.map((m) => [m.month, m.phase, m.count])).toEqual([['2026-01', 'before', 6], ['2026-02', 'before', 4], ['2026-03', 'after', 0], ['2026-04', 'after', 1]]);
    expect(tracked.before).toEqual({ months: 2, cases: 10, monthlyAverage: 5 });
    expect(tracked.after).toEqual({ months: 2, cases: 1, monthlyAverage: 0.5 });
  });
});
