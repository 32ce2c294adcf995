export type Trend = 'new' | 'up' | 'down' | 'flat';

export interface Hotspot {
  category: string;
  categoryName: string;
  districtCode: string | null;
  streetCode: string | null;
  count: number;
  previousCount: number;
  /** count − previousCount */
  change: number;
  /** The month-over-month change as a fraction of last month's count; null when last month had none. */
  changeRate: number | null;
  trend: Trend;
}

export interface PlaceCategoryCount {
  category: string;
  categoryName: string;
  districtCode: string | null;
  streetCode: string | null;
  count: number;
}

const keyOf = (row: Pick<PlaceCategoryCount, 'category' | 'districtCode' | 'streetCode'>): string => `${row.category}|${row.districtCode ?? ''}|${row.streetCode ?? ''}`;

/** The month's category × street counts, most frequent first, each with last month's count and its trend. */
export function hotspotsOf(current: readonly PlaceCategoryCount[], previous: readonly PlaceCategoryCount[]): Hotspot[] {
  const before = new Map(previous.map((row) => [keyOf(row), row.count]));
  return current
    .map((row): Hotspot => {
      const previousCount = before.get(keyOf(row)) ?? 0;
      const change = row.count - previousCount;
      const trend: Trend = previousCount === 0 ? 'new' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
      return {
        category: row.category,
        categoryName: row.categoryName,
        districtCode: row.districtCode,
        streetCode: row.streetCode,
        count: row.count,
        previousCount,
        change,
        changeRate: previousCount === 0 ? null : Math.round((change / previousCount) * 10_000) / 10_000,
        trend,
      };
    })
    .sort((a, b) => b.count - a.count || b.change - a.change || keyOf(a).localeCompare(keyOf(b)));
}
