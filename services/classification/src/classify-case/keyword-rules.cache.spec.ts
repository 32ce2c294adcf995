import type { DataSource } from 'typeorm';
import type { KeywordRuleRecord } from '../infrastructure/database/entities/keyword-rule.entity';
import { KeywordRulesCache } from './keyword-rules.cache';

const rule = (category: string, version: number, enabled = true): Partial<KeywordRuleRecord> => ({
  category,
  name: category,
  urgency: 'normal',
  keywords: [category],
  enabled,
  version,
});

/** A stand-in for the keyword_rules table that counts the queries it answers. */
function fakeTable(initial: Partial<KeywordRuleRecord>[]) {
  const table = { rows: initial, probes: 0, loads: 0 };
  const dataSource = {
    query: () => {
      table.probes += 1;
      const version = Math.max(0, ...table.rows.map((r) => r.version ?? 0));
      return Promise.resolve([{ version, enabled: String(table.rows.filter((r) => r.enabled).length) }]);
    },
    getRepository: () => ({
      find: () => {
        table.loads += 1;
        return Promise.resolve(table.rows);
      },
    }),
  } as unknown as DataSource;
  return { table, dataSource };
}

describe('KeywordRulesCache', () => {
  it('serves the enabled rules from memory until the time-to-live passes', async () => {
    const { table, dataSource } = fakeTable([rule('noise', 1), rule('parking', 1, false)]);
    let now = 0;
    const cache = new KeywordRulesCache(dataSource, 30_000, () => now);
    expect(await cache.current()).toEqual({ version: 1, rules: [{ category: 'noise', name: 'noise', urgency: 'normal', keywords: ['noise'] }] });
    now = 29_999;
    await cache.current();
    expect(table).toMatchObject({ probes: 1, loads: 1 });
  });

  it('only probes the version after the time-to-live when nothing changed', async () => {
    const { table, dataSource } = fakeTable([rule('noise', 1)]);
    let now = 0;
    const cache = new KeywordRulesCache(dataSource, 30_000, () => now);
    await cache.current();
    now = 30_000;
    await cache.current();
    expect(table).toMatchObject({ probes: 2, loads: 1 });
  });

  it('reloads when the catalogue version or the set of enabled rules changed', async () => {
    const { table, dataSource } = fakeTable([rule('noise', 1)]);
    let now = 0;
    const cache = new KeywordRulesCache(dataSource, 30_000, () => now);
    await cache.current();
    table.rows = [rule('noise', 2), rule('parking', 2)];
    now = 30_000;
    expect((await cache.current()).rules.map((r) => r.category)).toEqual(['noise', 'parking']);
    table.rows = [rule('noise', 2), rule('parking', 2, false)];
    now = 60_000;
    expect((await cache.current()).rules.map((r) => r.category)).toEqual(['noise']);
    expect(table.loads).toBe(3);
  });
});
