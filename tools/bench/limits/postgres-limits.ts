import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { TOPICS } from '@hotline/contracts';
import { createMessagingTables } from '@hotline/messaging';
import { LatencyRecorder } from '../shared/latency';
import type { Limits, PostgresWritesLimit } from '../shared/limits-file';
import type { SampleEnvelope, SampleEvents } from './sample-events';

export interface PostgresLimitOptions {
  databaseUrl: string;
  seconds: number;
  clients: number;
  batchSize: number;
  /** A NOTIFY per transaction, as the writers of a replica whose relay does not publish send one. */
  notify: boolean;
  events: SampleEvents;
  log: (line: string) => void;
}

// Each event a consumer handles writes an inbox row, its effect and an outbox row (the next event).
const ROWS_PER_EVENT = 3;
const SERVER_SETTINGS = ['server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay'];
const SCHEMA_PREFIX = 'bench_limits_';
// Its own channel (LIMITS_PG_NOTIFY): a NOTIFY costs what the outbox's does without waking a running relay.
const NOTIFY_CHANNEL = 'bench_limits';

/** Commits/s for one event's writes per transaction and for many events' writes per transaction, in a throwaway schema. */
export async function measurePostgres(options: PostgresLimitOptions): Promise<Limits['postgres']> {
  const schema = `${SCHEMA_PREFIX}${randomBytes(4).toString('hex')}`;
  const dataSource = new DataSource({ type: 'postgres', url: options.databaseUrl });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.clients, application_name: 'bench-limits' });
  try {
    // Schemas an interrupted run left behind in this database.
    const leftovers = (await runner.query(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, [SCHEMA_PREFIX])) as { nspname: string }[];
    for (const { nspname } of leftovers) await runner.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await runner.query(`CREATE SCHEMA "${schema}"`);
    // The services' own inbox and outbox tables, and a small effect row like a case's status.
    await createMessagingTables(runner, schema);
    await runner.query(`CREATE TABLE "${schema}".effect (event_id uuid PRIMARY KEY, case_id uuid NOT NULL, status text NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())`);
    options.log(`postgres: throwaway schema ${schema}`);
    const rows = (await runner.query(`SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)`, [SERVER_SETTINGS])) as {
      name: string;
      setting: string;
      unit: string | null;
    }[];
    const serverSettings = Object.fromEntries(rows.map((row) => [row.name, row.unit ? `${row.setting} × ${row.unit}` : row.setting]));
    const oneEventPerTransaction = await writeFor(pool, schema, options, 1);
    options.log(`postgres: ${oneEventPerTransaction.transactions} one-event transactions`);
    const batched = await writeFor(pool, schema, options, options.batchSize);
    options.log(`postgres: ${batched.transactions} transactions of ${options.batchSize} events`);
    return { serverSettings, oneEventPerTransaction, batched };
  } finally {
    await pool.end();
    await runner.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((err: unknown) => options.log(`postgres: could not drop ${schema}: ${String(err)}`));
    await runner.release();
    await dataSource.destroy();
  }
}

async function writeFor(pool: Pool, schema: string, options: PostgresLimitOptions, eventsPerTransaction: number): Promise<PostgresWritesLimit> {
  const latency = new LatencyRecorder();
  let transactions = 0;
  const write = eventsPerTransaction === 1 ? writeOneEvent : writeEvents;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < end) {
          const envelopes = Array.from({ length: eventsPerTransaction }, () => options.events.nextEnvelope());
          const startedAt = performance.now();
          await client.query('BEGIN');
          try {
            await write(client, schema, envelopes);
            if (options.notify) await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, envelopes[0].eventId]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK');
            throw err;
          }
          latency.record(performance.now() - startedAt);
          transactions += 1;
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const eventsPerSecond = (transactions * eventsPerTransaction) / seconds;
  return {
    clients: options.clients,
    eventsPerTransaction,
    transactions,
    seconds,
    transactionsPerSecond: transactions / seconds,
    eventsPerSecond,
    rowsPerSecond: eventsPerSecond * ROWS_PER_EVENT,
    commitLatencyMs: latency.percentiles(),
  };
}

/** What a consumer does per event: the statements TypeORM sends for processOnce + effect + appendToOutbox. */
async function writeOneEvent(client: PoolClient, schema: string, [envelope]: SampleEnvelope[]): Promise<void> {
  const event = envelope;
  await client.query(`INSERT INTO "${schema}".inbox (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`, [
    'bench',
    event.eventId,
    event.type,
  ]);
  await client.query(`INSERT INTO "${schema}".effect (event_id, case_id, status) VALUES ($1, $2, $3)`, [event.eventId, event.caseId, 'dispatched']);
  await client.query(
    `INSERT INTO "${schema}".outbox (event_id, topic, message_key, envelope, published_at) VALUES ($1, $2, $3, $4, NULL) RETURNING seq, created_at`,
    [event.eventId, TOPICS.caseEvents, event.caseId, JSON.stringify(event)],
  );
}

/** The same rows for many events in one transaction: one multi-row INSERT … SELECT FROM unnest per table. */
async function writeEvents(client: PoolClient, schema: string, events: SampleEnvelope[]): Promise<void> {
  const eventIds = events.map((event) => event.eventId);
  const caseIds = events.map((event) => event.caseId);
  await client.query(
    `INSERT INTO "${schema}".inbox (consumer, event_id, event_type) SELECT $1, id, type FROM unnest($2::uuid[], $3::text[]) AS e(id, type) ON CONFLICT DO NOTHING`,
    ['bench', eventIds, events.map((event) => event.type)],
  );
  await client.query(`INSERT INTO "${schema}".effect (event_id, case_id, status) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`, [
    eventIds,
    caseIds,
    events.map(() => 'dispatched'),
  ]);
  await client.query(`INSERT INTO "${schema}".outbox (event_id, topic, message_key, envelope) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`, [
    eventIds,
    events.map(() => TOPICS.caseEvents),
    caseIds,
    events.map((event) => JSON.stringify(event)),
  ]);
}
