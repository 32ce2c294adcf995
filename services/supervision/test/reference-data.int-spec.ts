import { migrateSchema } from '@hotline/persistence';
import { testInfrastructure } from '@hotline/testing';
import { SUPERVISION_SCHEMA, supervisionDataSource } from '../src/infrastructure/database/data-source';
import { SupervisionReferenceCache } from '../src/reference-data/reference-data.cache';

describe('supervision reference data cache, on the real database', () => {
  const dataSource = supervisionDataSource(testInfrastructure.databaseUrl);

  beforeAll(async () => {
    await dataSource.initialize();
    await migrateSchema(dataSource, SUPERVISION_SCHEMA);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('serves the same profiles and calendar until one of their tables changes, whoever changes it', async () => {
    const cache = new SupervisionReferenceCache(0);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const before = await cache.current(runner.manager);
      expect(before.profiles.some((profile) => profile.profileId === 'default')).toBe(true);
      expect(await cache.current(runner.manager)).toBe(before);

      // An operator's plain UPDATE moves the counter as the API would.
      await runner.query(`UPDATE supervision.sla_profiles SET escalate_after = 'PT7H' WHERE profile_id = 'default'`);
      const afterProfile = await cache.current(runner.manager);
      expect(afterProfile).not.toBe(before);
      expect(afterProfile.profiles.find((profile) => profile.profileId === 'default')?.escalateAfter).toBe('PT7H');

      await runner.query(`DELETE FROM supervision.calendar_overrides WHERE date = '2099-12-31'`);
      const afterCalendar = await cache.current(runner.manager);
      expect(afterCalendar.version).not.toBe(afterProfile.version);
    } finally {
      // Nothing of the test stays in the shared database.
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('checks the version at most once per TTL, and at once after a local change', async () => {
    let now = 0;
    const cache = new SupervisionReferenceCache(1_000, () => now);
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
    cache.invalidate();
    await cache.current(counting);
    expect(queries).toHaveLength(afterFirst + 1);
    now = 1_998;
    await cache.current(counting);
    expect(queries).toHaveLength(afterFirst + 1);
    now = 2_000;
    await cache.current(counting);
    expect(queries).toHaveLength(afterFirst + 2);
  });
});
