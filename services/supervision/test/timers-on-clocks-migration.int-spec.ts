import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { testInfrastructure } from '@hotline/testing';
import { SUPERVISION_SCHEMA, supervisionEntities, supervisionMigrations } from '../src/infrastructure/database/data-source';
import { TimersOnClocks1769900000000 } from '../src/infrastructure/database/migrations/1769900000000-timers-on-clocks';

const CASE = '00000000-0000-4000-8000-000000000001';

/** A database of its own, migrated up to (not including) `TimersOnClocks`, with timer rows as that schema kept them. */
describe('migration TimersOnClocks: a clock\'s unfired timer rows become its plan, fired ones stay', () => {
  const database = `supervision_migration_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(testInfrastructure.databaseUrl);
  url.pathname = `/${database}`;
  let admin: Client;
  let dataSource: DataSource | undefined;

  const open = async (migrations: readonly (typeof supervisionMigrations)[number][]) => {
    await dataSource?.destroy();
    dataSource = new DataSource(
      serviceDataSourceOptions({ url: url.toString(), schema: SUPERVISION_SCHEMA, entities: supervisionEntities, migrations: [...migrations], poolSize: 1, applicationName: 'migration-test' }),
    );
    await dataSource.initialize();
    return dataSource;
  };

  beforeAll(async () => {
    admin = new Client({ connectionString: testInfrastructure.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const before = await open(supervisionMigrations.filter((migration) => migration !== TimersOnClocks1769900000000));
    await before.query(`CREATE SCHEMA IF NOT EXISTS ${SUPERVISION_SCHEMA}`);
    await before.runMigrations();
    await before.query(
      `INSERT INTO supervision.clocks (case_id, round, clock, agency_id, unit, started_at, allowed_ms, deadline, warning_fractions)
       SELECT $1, 1, clock, 'street-1', 'clock_hours', now(), 1000, now(), '{0.5}' FROM unnest('{sign,feedback}'::text[]) AS clock`,
      [CASE],
    );
    await before.query(
      `INSERT INTO supervision.timers (case_id, round, clock, kind, fraction, fire_at, fired_at) VALUES
         ($1, 1, 'sign', 'warning', 0.5, '2026-12-01T00:00:00Z', '2026-12-01T00:00:01Z'),
         ($1, 1, 'sign', 'escalation', 1, '2026-12-09T00:00:00Z', NULL),
         ($1, 1, 'sign', 'breach', 1, '2026-12-08T00:00:00Z', NULL)`,
      [CASE],
    );
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin?.end();
  });

  const plans = async (db: DataSource) =>
    (await db.query(`SELECT clock, pending_timers, next_fire_at FROM supervision.clocks ORDER BY clock`)) as Array<{
      clock: string;
      pending_timers: Array<{ kind: string; fraction: number; fireAt: string }>;
      next_fire_at: Date | null;
    }>;

  it('moves the unfired timers onto their clock in firing order, keeps the fired one, and goes back down and up again', async () => {
    const after = await open(supervisionMigrations);
    await after.runMigrations();
    const expected = [
      { clock: 'feedback', timers: [], next: null },
      { clock: 'sign', timers: [['breach', 1, '2026-12-08T00:00:00.000Z'], ['escalation', 1, '2026-12-09T00:00:00.000Z']], next: '2026-12-08T00:00:00.000Z' },
    ];
    const readable = (rows: Awaited<ReturnType<typeof plans>>) =>
      rows.map((row) => ({
        clock: row.clock,
        timers: row.pending_timers.map((timer) => [timer.kind, timer.fraction, new Date(timer.fireAt).toISOString()]),
        next: row.next_fire_at?.toISOString() ?? null,
      }));
    expect(readable(await plans(after))).toEqual(expected);
    expect(await after.query(`SELECT clock, kind, fired_at IS NOT NULL AS fired FROM supervision.timers`)).toEqual([{ clock: 'sign', kind: 'warning', fired: true }]);

    await after.undoLastMigration();
    expect(await after.query(`SELECT kind, fired_at IS NOT NULL AS fired FROM supervision.timers ORDER BY fire_at`)).toEqual([
      { kind: 'warning', fired: true },
      { kind: 'breach', fired: false },
      { kind: 'escalation', fired: false },
    ]);
    await after.runMigrations();
    expect(readable(await plans(after))).toEqual(expected);
  });
});
