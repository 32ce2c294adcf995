import type { DataSource } from 'typeorm';
import { CATEGORIES } from '@hotline/demo-city';

/**
 * Upserts the demo city's categories as keyword rules. Rows that already match are left alone; a
 * changed or new row gets one new catalogue version. An operator's `enabled` switch is kept.
 */
export async function seedKeywordRules(dataSource: DataSource, schema: string): Promise<string> {
  return dataSource.transaction(async (manager) => {
    // Serialises concurrent seeds so two of them cannot hand out the same version.
    await manager.query(`LOCK TABLE "${schema}".keyword_rules IN SHARE ROW EXCLUSIVE MODE`);
    const [{ next }] = await manager.query<[{ next: number }]>(`SELECT coalesce(max(version), 0) + 1 AS next FROM "${schema}".keyword_rules`);
    let changed = 0;
    for (const [position, category] of CATEGORIES.entries()) {
      const rows = await manager.query<unknown[]>(
        `INSERT INTO "${schema}".keyword_rules AS r (category, name, name_en, urgency, keywords, position, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (category) DO UPDATE
           SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, urgency = EXCLUDED.urgency,
               keywords = EXCLUDED.keywords, position = EXCLUDED.position, version = EXCLUDED.version, updated_at = now()
           WHERE (r.name, r.name_en, r.urgency, r.keywords, r.position)
                 IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en, EXCLUDED.urgency, EXCLUDED.keywords, EXCLUDED.position)
         RETURNING category`,
        [category.code, category.name, category.nameEn, category.urgency, [...category.keywords], position, next],
      );
      changed += rows.length;
    }
    const version = changed > 0 ? next : next - 1;
    return `keyword rules: ${CATEGORIES.length} categories, ${changed} inserted or changed, catalogue version ${version}`;
  });
}
