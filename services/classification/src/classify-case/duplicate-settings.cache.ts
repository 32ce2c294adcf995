import type { DataSource } from 'typeorm';
import { CheckedCache } from '@hotline/persistence';
import type { DuplicateSettings } from '../domain/triage/repeat-request';

/** The table's rows in one text: any insert, change or delete changes it (a dozen rows: cheap to read whole). */
const VERSION_SQL = `
  SELECT coalesce(md5(string_agg(category || ':' || radius_metres || ':' || window_hours, ',' ORDER BY category)), 'empty') AS version
    FROM classification.duplicate_settings`;

/**
 * 并案's per-category radius and window (classification.duplicate_settings), held in memory
 * (`CheckedCache`): after `ttlMs` one small query reads the table's fingerprint, and the rows are read
 * again only when it changed. A category without a row takes the configured defaults.
 */
export class DuplicateSettingsCache extends CheckedCache<ReadonlyMap<string, DuplicateSettings>> {
  constructor(dataSource: DataSource, ttlMs: number, now?: () => number) {
    super(
      {
        version: async () => (await dataSource.query<Array<{ version: string }>>(VERSION_SQL))[0]?.version ?? 'empty',
        load: async () => {
          const rows = await dataSource.query<Array<{ category: string; radius_metres: number; window_hours: number }>>(
            'SELECT category, radius_metres, window_hours FROM classification.duplicate_settings',
          );
          return new Map(rows.map((row) => [row.category, { radiusMetres: row.radius_metres, windowHours: row.window_hours }]));
        },
      },
      { ttlMs, shareChecks: true, ...(now ? { now } : {}) },
    );
  }
}
