import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig, redactUrl } from '@hotline/config';
import { DUE_TIMERS_SQL } from '../../services/supervision/src/fire-timers/due-timers';

const settingsSchema = infrastructureEnvSchema.extend({
  BENCH_TIMER_CASES: z.coerce.number().int().min(1).default(1_000_000),
  BENCH_TIMER_BATCH: z.coerce.number().int().min(1).default(500),
  BENCH_TIMER_DUE_SHARE: z.coerce.number().min(0).max(1).default(0.1),
});

/**
 * The timer engine at scale, in a throwaway database: N open cases with a feedback clock each and its
 * four timers (50 %, 80 %, breach, escalation), a share of them due now. Fires the due ones in batches
 * exactly as the worker does (claim SKIP LOCKED → outbox rows → mark fired, one transaction each), and
 * prints the machine, the settings, timers fired per second, memory, and the due-timer query's plan.
 */
async function main(): Promise<void> {
  const settings = loadConfig(settingsSchema, process.env);
  const database = `hotline_bench_timers_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: settings.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(settings.DATABASE_URL);
  url.pathname = `/${database}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const version = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    console.log(`machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL ${version}`);
    console.log(`settings: ${settings.BENCH_TIMER_CASES} open cases, ${settings.BENCH_TIMER_DUE_SHARE * 100} % due now, batch ${settings.BENCH_TIMER_BATCH}, database ${redactUrl(url.toString())}`);
    const { supervisionDataSource } = await import('../../services/supervision/src/infrastructure/database/data-source');
    const dataSource = supervisionDataSource(url.toString());
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS supervision');
    await dataSource.runMigrations();
    await dataSource.destroy();

    let started = Date.now();
    const n = settings.BENCH_TIMER_CASES;
    await db.query(`INSERT INTO supervision.cases (case_id, round, agency_id, handler_level, district_code)
      SELECT md5(i::text)::uuid, 1, 'street-' || (i % 400), 'street', '110105' FROM generate_series(1, $1) AS i`, [n]);
    // A share of the clocks is past its deadline; the rest end within the next 7 days.
    await db.query(`INSERT INTO supervision.clocks (case_id, round, clock, agency_id, unit, started_at, allowed_ms, running_since, deadline, warning_fractions, escalate_after_ms)
      SELECT md5(i::text)::uuid, 1, 'feedback', 'street-' || (i % 400), 'natural_days', now() - interval '7 days', 604800000, now() - interval '7 days',
             CASE WHEN i <= $2 THEN now() - interval '1 minute' ELSE now() + (i % 10080) * interval '1 minute' END, '{0.5,0.8}', 86400000
        FROM generate_series(1, $1) AS i`, [n, Math.round(n * settings.BENCH_TIMER_DUE_SHARE)]);
    await db.query(`INSERT INTO supervision.timers (case_id, round, clock, kind, fraction, fire_at)
      SELECT case_id, 1, 'feedback', k.kind, k.fraction, CASE WHEN k.kind = 'escalation' THEN deadline + interval '1 day' ELSE deadline - (1 - k.fraction) * interval '1 minute' END
        FROM supervision.clocks, (VALUES ('warning', 0.5), ('warning', 0.8), ('breach', 1.0), ('escalation', 1.0)) AS k(kind, fraction)`);
    await db.query('ANALYZE');
    const total = (await db.query<{ n: string }>('SELECT count(*) AS n FROM supervision.timers')).rows[0].n;
    const due = (await db.query<{ n: string }>('SELECT count(*) AS n FROM supervision.timers WHERE fired_at IS NULL AND fire_at <= now()')).rows[0].n;
    console.log(`loaded ${total} timers (${due} due) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${DUE_TIMERS_SQL}`, [new Date(), settings.BENCH_TIMER_BATCH]);
    console.log('EXPLAIN (ANALYZE, BUFFERS) of the due-timer query:');
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);

    started = Date.now();
    let fired = 0;
    for (;;) {
      await db.query('BEGIN');
      const claimed = await db.query<{ timer_id: string; case_id: string; kind: string }>(DUE_TIMERS_SQL, [new Date(), settings.BENCH_TIMER_BATCH]);
      if (claimed.rowCount === 0) {
        await db.query('COMMIT');
        break;
      }
      // The worker's outbox rows: one envelope per timer (two for a feedback breach), same size and shape.
      await db.query(
        `INSERT INTO supervision.outbox (event_id, topic, message_key, envelope)
         SELECT gen_random_uuid(), 'hotline.case-events', c.case_id::text, jsonb_build_object('type', 'case.' || c.kind, 'caseId', c.case_id, 'payload', jsonb_build_object('clock', 'feedback'))
           FROM unnest($1::uuid[], $2::text[]) AS c(case_id, kind)`,
        [claimed.rows.map((r) => r.case_id), claimed.rows.map((r) => r.kind)],
      );
      await db.query(`UPDATE supervision.timers SET fired_at = now() WHERE timer_id = ANY($1::bigint[]) AND fired_at IS NULL`, [claimed.rows.map((r) => r.timer_id)]);
      await db.query('COMMIT');
      fired += claimed.rowCount ?? 0;
    }
    const seconds = (Date.now() - started) / 1000;
    const memory = process.memoryUsage();
    const size = (await db.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size('supervision.timers')) AS s`)).rows[0].s;
    console.log(`fired ${fired} due timers in ${seconds.toFixed(1)} s: ${(fired / seconds).toFixed(0)} timers/s (one connection, batches of ${settings.BENCH_TIMER_BATCH})`);
    console.log(`memory: bench RSS ${(memory.rss / 2 ** 20).toFixed(0)} MB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB; supervision.timers with indexes ${size}`);
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE ${database}`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:timers failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
