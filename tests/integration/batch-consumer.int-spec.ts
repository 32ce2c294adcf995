import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import { migrateSchema, serviceDataSourceOptions } from '@hotline/persistence';
import { aCaseEvent, aReceivedPayload, expectEventually, testInfrastructure } from '@hotline/testing';
import {
  InboxRecord,
  KafkaEventServer,
  OutboxRecord,
  PermanentMessageError,
  appendToOutbox,
  createEventBus,
  createKafka,
  createMessagingTables,
  createOrderedProducer,
  processOnce,
} from '@hotline/messaging';

const SCHEMA = 'batch_consumer_test';

class CreateTables1764200000002 implements MigrationInterface {
  name = 'CreateTables1764200000002';
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, SCHEMA);
    // Each effect records the transaction it ran in, so the test can count transactions per batch.
    await runner.query(`CREATE TABLE "${SCHEMA}".effect (
      seq bigserial PRIMARY KEY, case_id uuid NOT NULL, event_id uuid NOT NULL, txid bigint NOT NULL)`);
  }
  async down(): Promise<void> {}
}

interface EffectRow {
  case_id: string;
  event_id: string;
  txid: string;
}

describe('messaging: a partition batch in one transaction, over the real broker', () => {
  const logger = createLogger('batch-consumer-test', 'silent');
  const suffix = randomUUID().slice(0, 8);
  // One partition: every message of the test shares one batch stream, whatever its key.
  const topic = `hotline.test.batch.${suffix}`;
  const dlqTopic = `${topic}.dlq`;
  const kafka = createKafka({ brokers: testInfrastructure.kafkaBrokers, clientId: 'batch-consumer-test', logger });
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: testInfrastructure.databaseUrl,
      schema: SCHEMA,
      entities: [OutboxRecord, InboxRecord],
      migrations: [CreateTables1764200000002],
      poolSize: 4,
      applicationName: 'batch-consumer-test',
    }),
  );
  const bus = createEventBus({ client: 'kafkajs', brokers: testInfrastructure.kafkaBrokers, clientId: 'batch-consumer-test', logger });
  const producer = createOrderedProducer(kafka);
  const poisoned = new Set<string>();
  let server: KafkaEventServer | undefined;

  async function startConsumer(groupId: string): Promise<KafkaEventServer> {
    const consumer = new KafkaEventServer({ bus, consumerName: 'batch-test', groupId, topic, dlqTopic, logger, dataSource, maxBatchSize: 500 });
    consumer.addHandler(
      'case.received',
      async (event: CaseEvent) => {
        await processOnce(dataSource, 'batch-test', event, async (manager) => {
          if (poisoned.has(event.eventId)) throw new PermanentMessageError('TEST.POISON', 'this event always fails');
          await manager.query(`INSERT INTO "${SCHEMA}".effect (case_id, event_id, txid) VALUES ($1, $2, txid_current())`, [
            event.caseId,
            event.eventId,
          ]);
          await appendToOutbox(manager, [aCaseEvent('case.signed', { agencyId: 'unit-test', signedBy: null }, { caseId: event.caseId, cause: event })], { topic: `${topic}.out` });
        });
      },
      true,
    );
    await new Promise<void>((resolve, reject) => void consumer.listen((err?: unknown) => (err ? reject(err as Error) : resolve())));
    return consumer;
  }

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await migrateSchema(dataSource, SCHEMA);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }, { topic: dlqTopic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  });

  afterAll(async () => {
    await server?.close();
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
    await dataSource.destroy();
  });

  async function effects(caseIds: readonly string[]): Promise<EffectRow[]> {
    return (await dataSource.query(`SELECT case_id, event_id, txid FROM "${SCHEMA}".effect WHERE case_id = ANY($1) ORDER BY seq`, [
      caseIds,
    ])) as EffectRow[];
  }

  async function outboxCauses(caseIds: readonly string[]): Promise<string[]> {
    const rows = (await dataSource.query(`SELECT envelope FROM "${SCHEMA}".outbox WHERE message_key = ANY($1) ORDER BY seq`, [caseIds])) as {
      envelope: CaseEvent;
    }[];
    return rows.map((row) => row.envelope.causationId ?? '');
  }

  async function deadLetters(expected: number): Promise<KafkaMessage[]> {
    const reader = new Kafka({ clientId: 'dlq-reader', brokers: testInfrastructure.kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `dlq-reader-${randomUUID()}`,
      // kafkajs's disconnect waits out the fetch in flight: its default 5 s long poll made every read cost 5 s.
      maxWaitTimeInMs: 100,
    });
    const messages: KafkaMessage[] = [];
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await expectEventually(() => expect(messages.length).toBeGreaterThanOrEqual(expected), { timeoutMs: 15_000 });
    await reader.disconnect();
    return messages;
  }

  /** `perCase` case.received events for each of `cases` new cases, interleaved as a busy topic has them. */
  function interleavedEvents(cases: number, perCase: number): CaseEvent[] {
    const caseIds = Array.from({ length: cases }, () => randomUUID());
    const events: CaseEvent[] = [];
    for (let round = 0; round < perCase; round += 1) {
      for (const caseId of caseIds) events.push(aCaseEvent('case.received', aReceivedPayload(), { caseId }));
    }
    return events;
  }

  async function publish(events: readonly CaseEvent[], raw: readonly string[] = []): Promise<void> {
    await producer.send({
      topic,
      acks: -1,
      messages: [
        ...events.map((event) => ({ key: event.caseId, value: JSON.stringify(event), headers: { 'event-type': event.type } })),
        ...raw.map((value) => ({ key: 'poison', value })),
      ],
    });
  }

  it('handles a clean batch in a few transactions, with one inbox, effect and outbox row per event, in order', async () => {
    const events = interleavedEvents(10, 20);
    const caseIds = [...new Set(events.map((event) => event.caseId))];
    // Published before the consumer starts, so they arrive as one large batch.
    await publish(events);
    server = await startConsumer(`test.batch.${suffix}`);

    const rows = await expectEventually(async () => {
      const found = await effects(caseIds);
      expect(found).toHaveLength(events.length);
      return found;
    });
    expect(rows.map((row) => row.event_id)).toEqual(events.map((event) => event.eventId));
    const transactions = new Set(rows.map((row) => row.txid)).size;
    expect(transactions).toBeLessThanOrEqual(5);
    expect(await outboxCauses(caseIds)).toEqual(events.map((event) => event.eventId));
  });

  it('rolls a failing batch back and handles it one by one: the poison event is dead-lettered alone, the rest in order', async () => {
    const events = interleavedEvents(5, 10);
    const caseIds = [...new Set(events.map((event) => event.caseId))];
    const poison = events[17]!;
    poisoned.add(poison.eventId);
    await publish(events, ['{"not":"an event"']);

    const healthy = events.filter((event) => event !== poison);
    const rows = await expectEventually(async () => {
      const found = await effects(caseIds);
      expect(found).toHaveLength(healthy.length);
      return found;
    });
    expect(rows.map((row) => row.event_id)).toEqual(healthy.map((event) => event.eventId));
    expect(await outboxCauses(caseIds)).toEqual(healthy.map((event) => event.eventId));
    const dead = await deadLetters(2);
    const reasons = dead.map((message) => message.headers?.['dlq-reason']?.toString() ?? '');
    expect(reasons.filter((reason) => reason.includes('this event always fails'))).toHaveLength(1);
    expect(reasons.filter((reason) => reason.startsWith('EVENT.MALFORMED_JSON'))).toHaveLength(1);
    const deadPoison = dead.find((message) => message.headers?.['dlq-reason']?.toString().includes('always fails'));
    expect((JSON.parse(deadPoison!.value!.toString()) as CaseEvent).eventId).toBe(poison.eventId);
  });

  it('skips events the inbox has seen, whether redelivered in a later batch or repeated within one', async () => {
    const events = interleavedEvents(4, 5);
    const caseIds = [...new Set(events.map((event) => event.caseId))];
    await publish(events);
    await expectEventually(async () => expect(await effects(caseIds)).toHaveLength(events.length));

    // The same events again (a redelivery after a crash before the offset commit), and new events
    // each twice in one batch, followed on the same partition by a marker that shows the batch was consumed.
    const fresh = interleavedEvents(2, 3);
    const freshCaseIds = [...new Set(fresh.map((event) => event.caseId))];
    const marker = aCaseEvent('case.received', aReceivedPayload(), { caseId: caseIds[0] });
    await publish([...events, ...fresh, ...fresh, marker]);
    await expectEventually(async () => expect((await effects(caseIds)).map((row) => row.event_id)).toContain(marker.eventId));
    expect(await effects(caseIds)).toHaveLength(events.length + 1);
    expect(await outboxCauses(caseIds)).toHaveLength(events.length + 1);
    expect((await effects(freshCaseIds)).map((row) => row.event_id)).toEqual(fresh.map((event) => event.eventId));
    expect(await outboxCauses(freshCaseIds)).toEqual(fresh.map((event) => event.eventId));
  });
});
