import AhoCorasick from 'modern-ahocorasick';
import type { DataSource } from 'typeorm';
import { CheckedCache } from '@hotline/persistence';
import type { NameHit } from '../domain/district-locator';

/** Every gazetteer name with a district, and the names of its district, street and community codes. */
export const GAZETTEER_SQL = `
  SELECT g.name, g.full_name, g.district_code, d.name AS district_name, g.street_code, g.community_code
    FROM classification.geo_gazetteer g JOIN classification.geo_districts d ON d.code = g.district_code
   WHERE g.name <> ''
   ORDER BY g.id`;

/** Changes with every load of the city's places (replaceGeography truncates and writes geo_city again). */
const LOADED_SQL = `SELECT coalesce((SELECT loaded_at::text || '/' || xmin::text FROM classification.geo_city), 'none') AS loaded`;

interface GazetteerRow {
  name: string;
  full_name: boolean;
  district_code: string;
  district_name: string;
  street_code: string | null;
  community_code: string | null;
}

/** A code read from a fixed-width (char) column, without its padding. */
export const trimmed = (code: string | null): string | null => code?.trim() ?? null;

/**
 * 地名: the gazetteer's names compiled into one Aho–Corasick automaton, so that the names a text holds are
 * found in one pass over the text (a few microseconds, whatever the number of names: `npm run bench:geo`).
 */
export class Gazetteer {
  /** The entries of each distinct name (one name may stand in several districts), in automaton order. */
  private readonly entries: ReadonlyArray<readonly NameHit[]>;
  private readonly matcher: AhoCorasick | null;

  constructor(rows: readonly NameHit[]) {
    const byName = new Map<string, NameHit[]>();
    for (const row of rows) {
      if (row.name.length === 0) continue;
      const entries = byName.get(row.name);
      if (entries) entries.push(row);
      else byName.set(row.name, [row]);
    }
    this.entries = [...byName.values()];
    this.matcher = byName.size > 0 ? new AhoCorasick([...byName.keys()]) : null;
  }

  get size(): number {
    return this.entries.reduce((n, e) => n + e.length, 0);
  }

  /** Every entry whose name occurs in the text, each once, in gazetteer order of first name. */
  namesIn(text: string): NameHit[] {
    if (!this.matcher || text.length === 0) return [];
    const found = new Set<number>();
    for (const match of this.matcher.iterate(text)) found.add(match.patternIndex);
    return [...found].sort((a, b) => a - b).flatMap((i) => this.entries[i] ?? []);
  }
}

/** Reads the gazetteer's rows (the names with a district). */
export async function readGazetteer(dataSource: DataSource): Promise<Gazetteer> {
  const rows = await dataSource.query<GazetteerRow[]>(GAZETTEER_SQL);
  return new Gazetteer(
    rows.map((r) => ({
      name: r.name,
      full: r.full_name,
      districtCode: r.district_code.trim(),
      districtName: r.district_name,
      streetCode: trimmed(r.street_code),
      communityCode: trimmed(r.community_code),
    })),
  );
}

/**
 * The gazetteer, held in memory (`CheckedCache`): reference data that changes only when the city's places
 * are loaded again. After `ttlMs` one small query reads when they were last loaded, and the names are read
 * and compiled again only when that changed. One check at a time: concurrent cases wait for the same one.
 */
export class GazetteerCache extends CheckedCache<Gazetteer> {
  constructor(dataSource: DataSource, ttlMs: number, now?: () => number) {
    super(
      {
        version: async () => (await dataSource.query<Array<{ loaded: string }>>(LOADED_SQL))[0]?.loaded ?? 'none',
        load: () => readGazetteer(dataSource),
      },
      { ttlMs, shareChecks: true, ...(now ? { now } : {}) },
    );
  }
}
