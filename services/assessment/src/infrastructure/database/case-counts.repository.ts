import type { EntityManager } from 'typeorm';

export interface PlaceCategoryCount {
  month: string;
  category: string;
  categoryName: string;
  districtCode: string | null;
  streetCode: string | null;
  count: number;
}

/** Case counts by category × place × month of receipt. A merged repeat (并案) is not counted: its parent is. */
export class CaseCountsRepository {
  constructor(private readonly manager: EntityManager) {}

  async byCategoryAndStreet(months: readonly string[]): Promise<PlaceCategoryCount[]> {
    const rows: Array<{ month: string; category: string; category_name: string; district_code: string | null; street_code: string | null; count: string }> =
      await this.manager.query(
        `SELECT month, category, max(category_name) AS category_name, district_code, street_code, count(*) AS count
         FROM assessment.cases
         WHERE month = ANY($1) AND merged_into IS NULL AND category IS NOT NULL
         GROUP BY month, category, district_code, street_code`,
        [months],
      );
    return rows.map((row) => ({
      month: row.month,
      category: row.category,
      categoryName: row.category_name,
      districtCode: row.district_code,
      streetCode: row.street_code,
      count: Number(row.count),
    }));
  }

  /** Cases per month in the given categories and places (a street code or a whole district). */
  async perMonth(filter: { categories: readonly string[]; streetCodes: readonly string[]; districtCodes: readonly string[]; from: string; to: string }): Promise<Map<string, number>> {
    const rows: Array<{ month: string; count: string }> = await this.manager.query(
      `SELECT month, count(*) AS count FROM assessment.cases
       WHERE month BETWEEN $1 AND $2 AND merged_into IS NULL AND category = ANY($3)
         AND (street_code = ANY($4) OR district_code = ANY($5))
       GROUP BY month`,
      [filter.from, filter.to, filter.categories, filter.streetCodes, filter.districtCodes],
    );
    return new Map(rows.map((row) => [row.month, Number(row.count)]));
  }
}
