import { resolve } from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import { infrastructureEnvSchema } from '@hotline/config';
import { repositoryRoot } from '@hotline/local-stack';
import { measureKafka } from './limits/kafka-limits';
import { measurePostgres } from './limits/postgres-limits';
import { SampleEvents } from './limits/sample-events';
import { kafkaBrokerPid, kafkaBrokerVersion } from './shared/infrastructure-processes';
import { formatNumber, formatPercentiles } from './shared/latency';
import { writeLimits, type Limits } from './shared/limits-file';
import { describeMachine, formatMachine } from './shared/machine';
import { formatTable } from './shared/table';

const repoRoot = repositoryRoot();
// The services' own defaults: the relay's batch, a consumer's batch and partitions at once.
const serviceDefaults = infrastructureEnvSchema.parse({});
const settings = z
  .object({
    KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
    KAFKA_DATA_DIR: z.string().default(resolve(repoRoot, '.run/kafka')),
    DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/hotline'),
    LIMITS_SECONDS: z.coerce.number().positive().default(10),
    LIMITS_KAFKA_BATCH: z.coerce.number().int().positive().default(serviceDefaults.OUTBOX_BATCH_SIZE),
    LIMITS_KAFKA_PRODUCERS: z
      .string()
      .default('1,6')
      .transform((value) => value.split(',').map(Number))
      .pipe(z.array(z.number().int().positive()).min(1)),
    LIMITS_PG_CLIENTS: z.coerce.number().int().positive().default(8),
    LIMITS_PG_BATCH: z.coerce.number().int().min(2).default(serviceDefaults.CONSUMER_MAX_BATCH_SIZE),
    LIMITS_PG_NOTIFY: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    LIMITS_FILE: z.string().default(resolve(repoRoot, '.run/bench/limits.json')),
  })
  .parse(process.env);

const log = (line: string) => console.log(`  … ${line}`);

async function postgresVersion(): Promise<string> {
  const client = new Client({ connectionString: settings.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

function print(limits: Limits): void {
  const { kafka, postgres } = limits;
  console.log(`
machine   ${formatMachine(limits.machine)}
settings  ${Object.entries(limits.settings)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')}
postgres  ${Object.entries(postgres.serverSettings)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')}
events    one case's loop (received … closed) from the contracts' fixtures, ${kafka.averageMessageBytes} B on average, keyed by caseId,
          headers event-id, event-type, event-version, traceparent

Kafka: ${kafka.topicPartitions} partitions, idempotent producer, acks=all, one request in flight per producer (the outbox relay's settings)
${formatTable(
  ['measurement', 'messages', 'msg/s', 'MB/s', 'latency per batch'],
  [
    ...kafka.produce.map((run) => [
      `produce, ${run.producers} producer${run.producers > 1 ? 's' : ''}, batches of ${run.batchSize}`,
      formatNumber(run.messages),
      formatNumber(run.messagesPerSecond),
      run.megabytesPerSecond.toFixed(1),
      formatPercentiles(run.batchLatencyMs),
    ]),
    [`consume (eachBatch, ${kafka.consumerPartitionsAtOnce} partitions at once)`, formatNumber(kafka.consume.messages), formatNumber(kafka.consume.messagesPerSecond), '', ''],
    ['consume + decodeCaseEvent', formatNumber(kafka.consumeAndDecode.messages), formatNumber(kafka.consumeAndDecode.messagesPerSecond), '', ''],
    ['decodeCaseEvent alone, one core, no Kafka', '', formatNumber(kafka.decodeOnly.messagesPerSecond), '', ''],
  ],
)}

Postgres: per event an inbox row, a small effect row and an outbox row with the jsonb envelope${settings.LIMITS_PG_NOTIFY ? ', and a NOTIFY per transaction' : ''}
${formatTable(
  ['measurement', 'commits/s', 'events/s', 'rows/s', 'latency per transaction'],
  [postgres.oneEventPerTransaction, postgres.batched].map((run) => [
    `${run.eventsPerTransaction === 1 ? 'one event' : `${run.eventsPerTransaction} events (unnest)`} per transaction, ${run.clients} clients`,
    formatNumber(run.transactionsPerSecond),
    formatNumber(run.eventsPerSecond),
    formatNumber(run.rowsPerSecond),
    formatPercentiles(run.commitLatencyMs),
  ]),
)}

written to ${settings.LIMITS_FILE}; npm run bench prints its results against these.`);
}

async function main(): Promise<void> {
  const brokers = settings.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  const brokerPid = kafkaBrokerPid({ dataDir: settings.KAFKA_DATA_DIR, port: Number(brokers[0]?.split(':')[1]) });
  const machine = describeMachine({ kafka: kafkaBrokerVersion(brokerPid), postgres: await postgresVersion() });
  console.log(`bench:limits on ${formatMachine(machine)}; ${settings.LIMITS_SECONDS} s per measurement`);
  const events = new SampleEvents(repoRoot);
  const kafka = await measureKafka({
    brokers,
    seconds: settings.LIMITS_SECONDS,
    producerCounts: settings.LIMITS_KAFKA_PRODUCERS,
    batchSize: settings.LIMITS_KAFKA_BATCH,
    consumerPartitionsAtOnce: serviceDefaults.CONSUMER_PARTITIONS_CONCURRENTLY,
    events,
    log,
  });
  const postgres = await measurePostgres({
    databaseUrl: settings.DATABASE_URL,
    seconds: settings.LIMITS_SECONDS,
    clients: settings.LIMITS_PG_CLIENTS,
    batchSize: settings.LIMITS_PG_BATCH,
    notify: settings.LIMITS_PG_NOTIFY,
    events,
    log,
  });
  const limits: Limits = {
    measuredAt: new Date().toISOString(),
    machine,
    settings: {
      LIMITS_SECONDS: settings.LIMITS_SECONDS,
      LIMITS_KAFKA_BATCH: settings.LIMITS_KAFKA_BATCH,
      LIMITS_KAFKA_PRODUCERS: settings.LIMITS_KAFKA_PRODUCERS.join(','),
      LIMITS_PG_CLIENTS: settings.LIMITS_PG_CLIENTS,
      LIMITS_PG_BATCH: settings.LIMITS_PG_BATCH,
      LIMITS_PG_NOTIFY: String(settings.LIMITS_PG_NOTIFY),
      KAFKA_BROKERS: settings.KAFKA_BROKERS,
      DATABASE: new URL(settings.DATABASE_URL).pathname.slice(1),
    },
    kafka,
    postgres,
  };
  writeLimits(settings.LIMITS_FILE, limits);
  print(limits);
}

// Throwaway topics and schemas left by an interrupted run are dropped by the next one.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.on(signal, () => process.exit(code));

main().catch((err: unknown) => {
  console.error(`bench:limits failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
