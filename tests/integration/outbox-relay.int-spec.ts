import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createLogger } from '@hotline/observability';
import { migrateSchema, serviceDataSourceOptions } from '@hotline/persistence';
import { aCaseEvent, aReceivedPayload, expectEventually, testInfrastructure } from '@hotline/testing';
import {
  InboxRecord,
  OutboxRecord,
  OutboxRelay,
  appendToOutbox,
  createEventBus,
  createKafka,
  createMessagingTables,
  insertOutboxRows,
  outboxChannel,
  outboxRowsFor,
} from '@hotline/messaging';

const SCHEMA = 'outbox_relay_test';

class CreateTables1764200000003 implements MigrationInterface {
  name = 'CreateTables1764200000003';
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, SCHEMA);
  }
  async down(): Promise<void> {}
}

describe('outbox relay: woken by its own schema, never sleeping through a commit', () => {
  const logger = createLogger('outbox-relay-test', 'silent');
  const topic = `hotline.test.relay.${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers: testInfrastructure.kafkaBrokers, clientId: 'outbox-relay-test', logger });
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: testInfrastructure.databaseUrl,
      schema: SCHEMA,
      entities: [OutboxRecord, InboxRecord],
      migrations: [CreateTables1764200000003],
      poolSize: 8,
      applicationName: 'outbox-relay-test',
    }),
  );
  const producer = createEventBus({ client: 'kafkajs', brokers: testInfrastructure.kafkaBrokers, clientId: 'outbox-relay-test', logger }).createProducer();
  // The real producer, slowed down, so the test can commit a row while the relay is publishing; it
  // counts the sends that have begun, so the test knows when a publish is under way.
  let sendsStarted = 0;
  let sendsFinished = 0;
  const slowProducer = new Proxy(producer, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return async (messages: Parameters<typeof producer.send>[0]) => {
        sendsStarted += 1;
        await new Promise((resolve) => setTimeout(resolve, 300));
        await target.send(messages);
        sendsFinished += 1;
      };
    },
  });
  // Polling alone would take a minute: every row published sooner was announced by a wake-up.
  const relay = new OutboxRelay({ databaseUrl: testInfrastructure.databaseUrl, schema: SCHEMA, producer: slowProducer, logger, batchSize: 5, pollIntervalMs: 60_000 });

  // Another session listening on the schema's channel, as a relay in another replica would.
  const listener = new Client({ connectionString: testInfrastructure.databaseUrl });
  const notified: string[] = [];

  beforeAll(async () => {
    await listener.connect();
    listener.on('notification', (notification) => notified.push(notification.payload ?? ''));
    await listener.query(`LISTEN "${outboxChannel(SCHEMA)}"`);
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await migrateSchema(dataSource, SCHEMA);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    relay.start();
  });

  afterAll(async () => {
    await listener.end();
    await relay.stop();
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await dataSource.destroy();
  });

  const unpublished = async () =>
    ((await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".outbox WHERE published_at IS NULL`)) as { n: number }[])[0]?.n;

  it('publishes rows committed while it is busy publishing, without waiting for its poll interval', async () => {
    // The relay's first pass (it starts with pending work) must be over before the wake-ups matter.
    await expectEventually(async () => expect(await unpublished()).toBe(0));
    // One row, whose publish takes 300 ms (the slowed producer); a second row commits in the middle of it.
    const append = () =>
      dataSource.transaction((manager) => appendToOutbox(manager, [aCaseEvent('case.received', aReceivedPayload())], { topic }));
    const sendsBefore = sendsStarted;
    await append();
    await expectEventually(() => expect(sendsStarted).toBeGreaterThan(sendsBefore), { timeoutMs: 10_000, intervalMs: 5 });
    await append();
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 10_000 });
    const published = (await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".outbox`)) as { n: number }[];
    expect(published[0]?.n).toBe(2);
  });

  it('is not woken by commits to another schema', async () => {
    const other = `${SCHEMA}_other`;
    await dataSource.query(`SELECT pg_notify($1, 'x')`, [`hotline_outbox_${other}`]);
    await dataSource.query(`INSERT INTO "${SCHEMA}".outbox (event_id, topic, message_key, envelope) VALUES ($1, $2, 'k', $3)`, [
      randomUUID(),
      topic,
      JSON.stringify(aCaseEvent('case.received', aReceivedPayload())),
    ]);
    // Inserted without its own NOTIFY: only a notification on this schema's channel could wake the relay.
    await dataSource.query(`SELECT pg_notify($1, 'x')`, [`hotline_outbox_${other}`]);
    // An absence can only be shown by waiting: 1.5 s is far longer than a NOTIFY takes to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await unpublished()).toBe(1);
    await dataSource.query(`SELECT pg_notify($1, 'x')`, [`hotline_outbox_${SCHEMA}`]);
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 10_000 });
  });

  const aRow = () => outboxRowsFor([aCaseEvent('case.received', aReceivedPayload())], { topic });

  it('is woken by writers in its own process without a NOTIFY, after the commit, in a transaction or alone', async () => {
    await expectEventually(async () => expect(await unpublished()).toBe(0));
    notified.length = 0;
    const inTransaction = aRow();
    await dataSource.transaction((manager) => insertOutboxRows(manager, inTransaction));
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 10_000 });
    await insertOutboxRows(dataSource.manager, aRow());
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 10_000 });
    // A NOTIFY is delivered at its commit, long before the relay has read and sent the row; the
    // listener's connection is given a moment beyond that to show one that was sent.
    await listener.query('SELECT 1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notified).toEqual([]);
  });

  /** How many times each event id was sent to the topic, read from its beginning. */
  const sentCounts = async (expected: number): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    let total = 0;
    const consumer = kafka.consumer({ groupId: `outbox-relay-test-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const eventId = message.headers?.['event-id']?.toString() ?? '';
        counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
        total += 1;
      },
    });
    try {
      await expectEventually(() => expect(total).toBeGreaterThanOrEqual(expected), { timeoutMs: 20_000 });
    } finally {
      await consumer.disconnect();
    }
    return counts;
  };

  it('sends each row once, pass after pass', async () => {
    await expectEventually(async () => expect(await unpublished()).toBe(0));
    // One row per pass: no pass may read again a row an earlier pass sent.
    const eventIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sendsBefore = sendsFinished;
      const rows = aRow();
      eventIds.push(rows[0].eventId);
      await insertOutboxRows(dataSource.manager, rows);
      await expectEventually(() => expect(sendsFinished).toBeGreaterThan(sendsBefore), { timeoutMs: 10_000, intervalMs: 5 });
    }
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 10_000 });
    const rowsInTopic = ((await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".outbox`)) as { n: number }[])[0]?.n ?? 0;
    const counts = await sentCounts(rowsInTopic);
    // Give a second copy, were there one, the time to arrive behind the last row.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventIds.map((eventId) => counts.get(eventId))).toEqual([1, 1, 1]);
  });

  it('stops at once when told to during a pass, not a poll interval later', async () => {
    await expectEventually(async () => expect(await unpublished()).toBe(0));
    const sendsBefore = sendsStarted;
    await insertOutboxRows(dataSource.manager, aRow());
    await expectEventually(() => expect(sendsStarted).toBeGreaterThan(sendsBefore), { timeoutMs: 10_000, intervalMs: 5 });
    // Mid-send (the slowed producer takes 300 ms): the stop's wake-up finds no sleeper. The poll interval is a minute.
    const stopped = Date.now();
    await relay.stop();
    expect(Date.now() - stopped).toBeLessThan(10_000);
    expect(await unpublished()).toBe(0);
    relay.start();
  });

  it('announces rows with NOTIFY when no relay in this process publishes the schema', async () => {
    await relay.stop();
    notified.length = 0;
    const rows = aRow();
    await dataSource.transaction((manager) => insertOutboxRows(manager, rows));
    await expectEventually(() => expect(notified).toEqual([rows[0].eventId]), { timeoutMs: 10_000 });
    expect(await unpublished()).toBe(1);
    relay.start();
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 10_000 });
  });
});
