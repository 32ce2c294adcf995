import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS, type CaseEvent } from '@hotline/contracts';
import { createOrderedProducer } from '@hotline/messaging';
import { ensurePersonalDataKeyFile } from '@hotline/personal-data';
import { TEST_PERSONAL_DATA_KEYS_FILE } from './personal-data';

/** Connection settings of the real test stack (started by deploy/local/test.sh). */
export const testInfrastructure = {
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
};

/** Environment for a service under test: the real stack, quiet logs, fast outbox polling. */
const TEST_RUN_REDIS_PREFIX = `test-${process.pid}-${Date.now().toString(36)}`;

export function testServiceEnv(extra: Record<string, string> = {}): Record<string, string> {
  ensurePersonalDataKeyFile(TEST_PERSONAL_DATA_KEYS_FILE);
  return {
    DATABASE_URL: testInfrastructure.databaseUrl,
    REDIS_URL: testInfrastructure.redisUrl,
    KAFKA_BROKERS: testInfrastructure.kafkaBrokers.join(','),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
    OUTBOX_POLL_INTERVAL_MS: '100',
    NODE_ENV: 'test',
    // Rate-limit counts and idempotency replays of this run only: test runs share the machine's Redis.
    REDIS_KEY_PREFIX: TEST_RUN_REDIS_PREFIX,
    // A busy CI machine can take longer than production's fail-fast bound to answer a Redis command;
    // the tests of limits must count every request, not fail open.
    RATE_LIMIT_REDIS_TIMEOUT_MS: '5000',
    PERSONAL_DATA_KEYS_FILE: TEST_PERSONAL_DATA_KEYS_FILE,
    // 并案 off: the tests post the same factory texts over and over, which would merge into each other;
    // classification's triage test turns it on.
    MERGE_WINDOW_HOURS: '0',
    ...extra,
  };
}

/** A plain SQL client for assertions on a service's tables. Close it in afterAll. */
export async function connectDatabase(): Promise<Client> {
  const client = new Client({ connectionString: testInfrastructure.databaseUrl });
  await client.connect();
  return client;
}

/** Publishes events straight to the case topic, as an upstream service's relay would. */
export async function publishCaseEvents(events: readonly CaseEvent[], raw: readonly string[] = []): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-publisher', brokers: testInfrastructure.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = createOrderedProducer(kafka);
  await producer.connect();
  try {
    await producer.send({
      topic: TOPICS.caseEvents,
      acks: -1,
      messages: [
        ...events.map((event) => ({ key: event.caseId, value: JSON.stringify(event), headers: { 'event-type': event.type } })),
        ...raw.map((value) => ({ key: 'poison', value })),
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * `count` new case ids whose events all travel on one partition of the case topic (the producers' murmur2
 * over the key), so that events of different cases published together reach a consumer in one batch.
 */
export async function caseIdsOnOnePartition(count: number): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'test-partitions', brokers: testInfrastructure.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [TOPICS.caseEvents] });
    const partitionMetadata = topics[0]?.partitions ?? [];
    const partitionOf = Partitioners.DefaultPartitioner();
    const onPartition = (key: string) => partitionOf({ topic: TOPICS.caseEvents, partitionMetadata, message: { key, value: null } });
    const first = randomUUID();
    const ids = [first];
    while (ids.length < count) {
      const id = randomUUID();
      if (onPartition(id) === onPartition(first)) ids.push(id);
    }
    return ids;
  } finally {
    await admin.disconnect();
  }
}

/** Events a service wrote to its outbox for one case, in order. */
export async function outboxEvents(db: Client, schema: string, caseId: string): Promise<CaseEvent[]> {
  const { rows } = await db.query<{ envelope: CaseEvent }>(
    `SELECT envelope FROM "${schema}".outbox WHERE message_key = $1 ORDER BY seq`,
    [caseId],
  );
  return rows.map((row) => row.envelope);
}
