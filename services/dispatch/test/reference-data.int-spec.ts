import { migrateSchema } from '@hotline/persistence';
import { testInfrastructure } from '@hotline/testing';
import { DISPATCH_SCHEMA, dispatchDataSource } from '../src/infrastructure/database/data-source';
import { ReferenceDataCache } from '../src/reference-data/reference-data.cache';

describe('dispatch reference data cache, on the real database', () => {
  const dataSource = dispatchDataSource(testInfrastructure.databaseUrl);

  beforeAll(async () => {
    await dataSource.initialize();
    await migrateSchema(dataSource, DISPATCH_SCHEMA);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('serves the same snapshot until the reference tables change, then reads them again', async () => {
    const cache = new ReferenceDataCache(0);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const before = await cache.current(runner.manager);
      expect(before.catalogue).not.toBeNull();
      expect(before.agencies.size).toBeGreaterThan(0);
      expect(await cache.current(runner.manager)).toBe(before);

      // Any change, by anyone, through any client: here a plain UPDATE, as an operator would run it.
      const rule = before.catalogue!.rules.find((candidate) => candidate.category !== null)!;
      await runner.query(`UPDATE catalogue_rules SET agency_id = 'gov-110105' WHERE catalogue_version = $1 AND rule_id = $2`, [
        before.catalogue!.version,
        rule.ruleId,
      ]);
      const after = await cache.current(runner.manager);
      expect(after).not.toBe(before);
      expect(after.version).not.toBe(before.version);
      expect(after.catalogue?.rules.find((candidate) => candidate.ruleId === rule.ruleId)?.agencyId).toBe('gov-110105');
    } finally {
      // Nothing of the test stays in the shared database.
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('checks the version at most once per TTL', async () => {
    let now = 0;
    const cache = new ReferenceDataCache(1_000, () => now);
    const queries: string[] = [];
    const manager = dataSource.createEntityManager();
    const counting = new Proxy(manager, {
      get(target, property, receiver) {
        if (property === 'query') {
          return (sql: string, parameters?: unknown[]) => {
            queries.push(sql);
            return target.query(sql, parameters);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    await cache.current(counting);
    const afterFirst = queries.length;
    now = 999;
    await cache.current(counting);
    expect(queries).toHaveLength(afterFirst);
    now = 1_000;
    await cache.current(counting);
    expect(queries).toHaveLength(afterFirst + 1);
  });
});
