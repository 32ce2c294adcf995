import 'reflect-metadata';
import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig, redactUrl } from '@hotline/config';
import { createLogger } from '@hotline/observability';
import { DUE_CLOCKS_SQL } from '../../services/supervision/src/fire-timers/due-timers';
import { TimerWorker } from '../../services/supervision/src/fire-timers/timer.worker';
import { machineLine, withThrowawayDatabase } from './shared/throwaway-database';

const settingsSchema = infrastructureEnvSchema.extend({
  BENCH_TIMER_CASES: z.coerce.number().int().min(1).default(1_000_000),
  BENCH_TIMER_BATCH: z.coerce.number().int().min(1).default(500),
  BENCH_TIMER_DUE_SHARE: z.coerce.number().min(0).max(1).default(0.1),
});

/**
 * The timer engine at scale, in a throwaway database: N open cases with a feedback clock each and its
 * four planned timers (50 %, 80 %, breach, escalation), a share of them due now. Fires the due ones with
 * the service's own worker (claim clocks SKIP LOCKED → fired rows → the rest of each plan → outbox events,
 * one transaction per batch), and prints the machine, the settings, timers fired per second, memory, and
 * the due-clock query's plan.
 */
async function main(): Promise<void> {
  const settings = loadConfig(settingsSchema, process.env);
  await withThrowawayDatabase(settings.DATABASE_URL, 'timers', async (db, url) => {
    console.log(await machineLine(db));
    console.log(`settings: ${settings.BENCH_TIMER_CASES} open cases, ${settings.BENCH_TIMER_DUE_SHARE * 100} % due now, batch ${settings.BENCH_TIMER_BATCH}, database ${redactUrl(url)}`);
    const { supervisionDataSource } = await import('../../services/supervision/src/infrastructure/database/data-source');
    const dataSource = supervisionDataSource(url);
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS supervision');
    await dataSource.runMigrations();

    let started = Date.now();
    const n = settings.BENCH_TIMER_CASES;
    await db.query(`INSERT INTO supervision.cases (case_id, round, agency_id, handler_level, district_code)
      SELECT gen_random_uuid(), 1, 'street-' || (i % 400), 'street', '110105' FROM generate_series(1, $1) AS i`, [n]);
    // A share of the clocks is past its deadline; the rest end within the next 7 days. Each plans two
    // warnings (30 and 12 s before the deadline), the breach and an escalation a day after it.
    await db.query(`INSERT INTO supervision.clocks (case_id, round, clock, agency_id, unit, started_at, allowed_ms, running_since, deadline,
                      warning_fractions, escalate_after_ms, pending_timers, next_fire_at)
      SELECT k.case_id, 1, 'feedback', 'street-' || (i % 400), 'natural_days', now() - interval '7 days', 604800000, now() - interval '7 days',
             d.deadline, '{0.5,0.8}', 86400000,
             jsonb_build_array(
               jsonb_build_object('kind', 'warning', 'fraction', 0.5, 'fireAt', d.deadline - interval '30 seconds'),
               jsonb_build_object('kind', 'warning', 'fraction', 0.8, 'fireAt', d.deadline - interval '12 seconds'),
               jsonb_build_object('kind', 'breach', 'fraction', 1, 'fireAt', d.deadline),
               jsonb_build_object('kind', 'escalation', 'fraction', 1, 'fireAt', d.deadline + interval '1 day')),
             d.deadline - interval '30 seconds'
        FROM (SELECT case_id, row_number() OVER (ORDER BY case_id) AS i FROM supervision.cases) AS k,
             LATERAL (SELECT CASE WHEN i <= $1 THEN now() - interval '1 minute' ELSE now() + (i % 10080) * interval '1 minute' END AS deadline) AS d`,
      [Math.round(n * settings.BENCH_TIMER_DUE_SHARE)]);
    await db.query('ANALYZE');
    const due = (await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM supervision.clocks, jsonb_array_elements(pending_timers) AS p WHERE (p->>'fireAt')::timestamptz <= now()`,
    )).rows[0].n;
    console.log(`loaded ${n} clocks with ${4 * n} planned timers (${due} due) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${DUE_CLOCKS_SQL}`, [new Date(), settings.BENCH_TIMER_BATCH]);
    console.log('EXPLAIN (ANALYZE, BUFFERS) of the due-clock query:');
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);

    const worker = new TimerWorker(
      dataSource,
      { pollIntervalMs: 1_000, batchSize: settings.BENCH_TIMER_BATCH, cityRegionCode: '110000' },
      createLogger('bench-timers', 'warn'),
    );
    started = Date.now();
    while ((await worker.fireDue()) > 0);
    const seconds = (Date.now() - started) / 1000;
    await dataSource.destroy();
    const fired = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM supervision.timers')).rows[0].n);
    const events = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM supervision.outbox')).rows[0].n);
    const memory = process.memoryUsage();
    const size = (await db.query<{ s: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('supervision.clocks') + pg_total_relation_size('supervision.timers')) AS s`,
    )).rows[0].s;
    console.log(`fired ${fired} due timers (${events} events) in ${seconds.toFixed(1)} s: ${(fired / seconds).toFixed(0)} timers/s (one connection, batches of ${settings.BENCH_TIMER_BATCH} clocks)`);
    console.log(`memory: bench RSS ${(memory.rss / 2 ** 20).toFixed(0)} MB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB; supervision.clocks and .timers with indexes ${size}`);
  });
}

main().catch((err: unknown) => {
  console.error(`bench:timers failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
