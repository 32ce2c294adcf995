import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { type CaseEvent } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import { migrateSchema, serviceDataSourceOptions } from '@hotline/persistence';
import { aCaseEvent, aReceivedPayload, expectEventually, testInfrastructure } from '@hotline/testing';
import {
  InboxRecord,
  KafkaEventServer,
  OutboxRecord,
  OutboxRelay,
  PermanentMessageError,
  appendToOutbox,
  createEventBus,
  createKafka,
  createMessagingTables,
  createOrderedProducer,
  processOnce,
} from '@hotline/messaging';

const SCHEMA = 'messaging_test';

class CreateTables1764200000001 implements MigrationInterface {
  name = 'CreateTables1764200000001';
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, SCHEMA);
  }
  async down(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

describe('messaging: outbox → Kafka → inbox, over the real broker', () => {
  const logger = createLogger('messaging-test', 'silent');
  const suffix = randomUUID().slice(0, 8);
  const topic = `hotline.test.${suffix}`;
  const dlqTopic = `${topic}.dlq`;
  const kafka = createKafka({ brokers: testInfrastructure.kafkaBrokers, clientId: 'messaging-test', logger });
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: testInfrastructure.databaseUrl,
      schema: SCHEMA,
      entities: [OutboxRecord, InboxRecord],
      migrations: [CreateTables1764200000001],
      poolSize: 4,
      applicationName: 'messaging-test',
    }),
  );
  const bus = createEventBus({ client: 'kafkajs', brokers: testInfrastructure.kafkaBrokers, clientId: 'messaging-test', logger });
  const producer = createOrderedProducer(kafka);
  const relayProducer = bus.createProducer();
  let relay: OutboxRelay;
  let server: KafkaEventServer;
  const handled: { type: string; traceId: string | undefined; eventId: string }[] = [];
  let failuresToInject = new Set<string>();

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await migrateSchema(dataSource, SCHEMA);
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: dlqTopic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    relay = new OutboxRelay({ databaseUrl: testInfrastructure.databaseUrl, schema: SCHEMA, producer: relayProducer, logger, batchSize: 50, pollIntervalMs: 100 });
    relay.start();

    server = new KafkaEventServer({ bus, consumerName: 'messaging-test', groupId: `test.${suffix}`, topic, dlqTopic, logger });
    // A consumer that reacts to case.received by emitting case.classified, as classification does.
    server.addHandler(
      'case.received',
      async (event: CaseEvent) => {
        if (failuresToInject.has(event.caseId)) throw new PermanentMessageError('TEST.BROKEN', 'this case always fails');
        await processOnce(dataSource, 'messaging-test', event, async (manager) => {
          handled.push({ type: event.type, traceId: trace.getActiveSpan()?.spanContext().traceId, eventId: event.eventId });
          const classified = aCaseEvent(
            'case.classified',
            {
              category: 'street_light',
              categoryName: '路灯',
              urgency: 'normal',
              districtCode: '110105',
              districtName: '朝阳区',
              streetCode: null,
              districtSource: 'location',
              confidence: 0.9,
              matchedKeywords: ['路灯'],
              classifierVersion: 'test',
            },
            { caseId: event.caseId, producer: 'classification', cause: event },
          );
          await appendToOutbox(manager, [classified], { topic });
        });
      },
      true,
    );
    server.addHandler(
      'case.classified',
      async (event: CaseEvent) => {
        await processOnce(dataSource, 'messaging-test', event, async () => {
          handled.push({ type: event.type, traceId: trace.getActiveSpan()?.spanContext().traceId, eventId: event.eventId });
        });
      },
      true,
    );
    await new Promise<void>((resolve, reject) => void server.listen((err?: unknown) => (err ? reject(err as Error) : resolve())));
  });

  afterAll(async () => {
    await server?.close();
    await relay?.stop();
    await relayProducer.disconnect();
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
    await dataSource.destroy();
    await provider.shutdown();
  });

  async function receiveCase(caseId: string): Promise<string> {
    const received = aCaseEvent('case.received', aReceivedPayload(), { caseId });
    return trace.getTracer('test').startActiveSpan('POST /v1/cases', async (span) => {
      await dataSource.transaction((manager) => appendToOutbox(manager, [received], { topic }));
      span.end();
      return span.spanContext().traceId;
    });
  }

  /** Reads the dead-letter topic from its start until `expectations` hold for what was read. */
  async function dlqMessagesUntil(expectations: (messages: KafkaMessage[]) => void): Promise<KafkaMessage[]> {
    const reader = new Kafka({ clientId: 'dlq-reader', brokers: testInfrastructure.kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `dlq-reader-${randomUUID()}`,
      // kafkajs's disconnect waits out the fetch in flight: its default 5 s long poll made every read cost 5 s.
      maxWaitTimeInMs: 100,
    });
    const messages: KafkaMessage[] = [];
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void messages.push(message) });
    try {
      await expectEventually(() => expectations(messages), { timeoutMs: 15_000 });
    } finally {
      await reader.disconnect();
    }
    return messages;
  }

  it('carries one trace from the first span through the relay and two consumer hops', async () => {
    const caseId = randomUUID();
    const rootTraceId = await receiveCase(caseId);

    await expectEventually(() => expect(handled.filter((h) => h.type === 'case.classified' && h.traceId === rootTraceId)).toHaveLength(1));
    // The consumer span ends just after the handler returns: poll for it too.
    const caseSpans = await expectEventually(() => {
      const spans = exporter.getFinishedSpans().filter((span) => span.attributes['hotline.case_id'] === caseId);
      expect(spans.map((span) => span.name).sort()).toEqual(
        [`${topic} process case.classified`, `${topic} process case.received`, `${topic} publish`, `${topic} publish`].sort(),
      );
      return spans;
    });
    expect(new Set(caseSpans.map((span) => span.spanContext().traceId))).toEqual(new Set([rootTraceId]));
  });

  it('processes a redelivered event once', async () => {
    const caseId = randomUUID();
    await receiveCase(caseId);
    const rows = await expectEventually(async () => {
      const found = (await dataSource.query(`SELECT envelope FROM ${SCHEMA}.outbox WHERE message_key = $1 ORDER BY seq`, [caseId])) as {
        envelope: CaseEvent;
      }[];
      expect(found).toHaveLength(2);
      return found;
    });
    const received = rows[0]!.envelope;
    // The same message again, as after a crash between the database commit and the offset commit,
    // followed by a fresh event on the same key (same partition) that marks when it has been consumed.
    const marker = aCaseEvent('case.classified', (rows[1]!.envelope as Extract<CaseEvent, { type: 'case.classified' }>).payload, { caseId });
    await producer.send({
      topic,
      messages: [
        { key: caseId, value: JSON.stringify(received) },
        { key: caseId, value: JSON.stringify(marker) },
      ],
    });
    await expectEventually(() => expect(handled.some((h) => h.eventId === marker.eventId)).toBe(true));
    expect(handled.filter((h) => h.eventId === received.eventId)).toHaveLength(1);
    const outboxRows = (await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE message_key = $1`, [caseId])) as { n: number }[];
    expect(outboxRows[0]?.n).toBe(2);
  });

  it('sends unparseable and permanently failing messages to the dead-letter topic and goes on', async () => {
    const broken = randomUUID();
    failuresToInject = new Set([broken]);
    await producer.send({ topic, messages: [{ key: 'poison', value: '{"not":"an event"' }] });
    await receiveCase(broken);
    const after = randomUUID();
    await receiveCase(after);

    await expectEventually(async () => {
      const rows = (await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE message_key = $1`, [after])) as { n: number }[];
      expect(rows[0]?.n).toBe(2);
    });
    await dlqMessagesUntil((dead) => {
      const reasons = dead.map((message) => message.headers?.['dlq-reason']?.toString() ?? '');
      expect(reasons.some((reason) => reason.startsWith('EVENT.MALFORMED_JSON'))).toBe(true);
      expect(reasons.some((reason) => reason.includes('this case always fails'))).toBe(true);
    });
  });
});
