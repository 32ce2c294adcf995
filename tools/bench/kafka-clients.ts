// npm run bench:kafka-clients — kafkajs and @platformatic/kafka side by side, through the project's EventBus,
// against the project's broker. Each round gives each client its own topic: it produces MESSAGES records in
// sequential batches (as the outbox relay does), then one consumer group reads them back with eachBatch
// (as KafkaEventServer does). Rounds alternate the order of the clients.
//
// Settings: MESSAGES (per client and round, default 20000), BATCH_SIZE (default 100), PARTITIONS (default 6),
// ROUNDS (default 2), CLIENTS (default kafkajs,platformatic), KAFKA_BROKERS.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { build } from 'hdr-histogram-js';
import { z } from 'zod';
import { createLogger } from '@hotline/observability';
import { repositoryRoot } from '@hotline/local-stack';
import { createEventBus, createKafka, isKafkaClientName, type EventBus, type KafkaClientName, type OutgoingMessage } from '@hotline/messaging';

const settingsSchema = z.object({
  MESSAGES: z.coerce.number().int().positive().default(20_000),
  BATCH_SIZE: z.coerce.number().int().positive().default(100),
  PARTITIONS: z.coerce.number().int().positive().default(6),
  ROUNDS: z.coerce.number().int().positive().default(2),
  CLIENTS: z
    .string()
    .default('kafkajs,platformatic')
    .transform((value) => value.split(',').map((name) => name.trim()))
    .pipe(z.array(z.string().refine(isKafkaClientName, 'kafkajs or platformatic')).min(1)),
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
});
const settings = settingsSchema.parse(process.env);
const clients = settings.CLIENTS;
const brokers = settings.KAFKA_BROKERS.split(',');
const logger = createLogger('bench-kafka-clients', 'warn');
const repoRoot = repositoryRoot();
const CONSUMER_CONCURRENCY = 3;

interface RoundResult {
  client: KafkaClientName;
  produceMsgsPerSec: number;
  produceMBPerSec: number;
  batchP50: number;
  batchP95: number;
  batchP99: number;
  produceCpuMsPer1k: number;
  consumeMsgsPerSec: number;
  firstRecordMs: number;
  consumeCpuMsPer1k: number;
}

const DESCRIPTION =
  '朝阳区建国路88号小区门口的路灯坏了一周，晚上很黑，老人和孩子出行很不方便，之前打过物业电话没有人处理，希望尽快派人维修。';

/** A case.received envelope as the outbox relay publishes it: ~1.5 KB of JSON, keyed by caseId, four headers. */
function caseEnvelope(topic: string): OutgoingMessage {
  const caseId = randomUUID();
  const eventId = randomUUID();
  const traceparent = `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`;
  const envelope = {
    eventId,
    type: 'case.received',
    version: 1,
    caseId,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    producer: 'intake',
    traceContext: { traceparent },
    payload: {
      trackingNumber: '261127-7K3QXA',
      caseType: 'complaint',
      channel: 'phone',
      title: '路灯不亮',
      description: `${DESCRIPTION}${DESCRIPTION}${DESCRIPTION}${DESCRIPTION}`,
      location: { lat: 39.9087, lng: 116.4605, address: '北京市朝阳区建国路88号' },
      reporter: { name: '王**', phone: '138****0000', confidential: false },
      attachments: [],
      receivedBy: { operatorId: randomUUID(), seat: 'A-017' },
      externalId: `call-${Date.now()}`,
    },
  };
  return {
    topic,
    key: caseId,
    value: JSON.stringify(envelope),
    headers: { 'event-id': eventId, 'event-type': 'case.received', 'event-version': '1', traceparent },
  };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function runClient(client: KafkaClientName): Promise<RoundResult> {
  const bus: EventBus = createEventBus({ client, brokers, clientId: `bench-${client}`, logger });
  const topic = `bench.kafka-clients.${client}.${randomUUID().slice(0, 8)}`;
  await bus.ensureTopics([{ name: topic, partitions: settings.PARTITIONS, config: {} }]);
  try {
    const producer = bus.createProducer();
    await producer.connect();
    // Warm-up: connections, metadata and the idempotent producer id are not what is measured.
    await producer.send(Array.from({ length: settings.BATCH_SIZE }, () => caseEnvelope(topic)));
    const total = settings.MESSAGES + settings.BATCH_SIZE;

    const batches = Array.from({ length: Math.ceil(settings.MESSAGES / settings.BATCH_SIZE) }, (_, index) =>
      Array.from({ length: Math.min(settings.BATCH_SIZE, settings.MESSAGES - index * settings.BATCH_SIZE) }, () => caseEnvelope(topic)),
    );
    const bytes = batches.flat().reduce((sum, message) => sum + Buffer.byteLength(message.value as string), 0);
    const latency = build({ numberOfSignificantValueDigits: 3 });
    const produceCpu = process.cpuUsage();
    const produceStarted = performance.now();
    for (const batch of batches) {
      const sent = performance.now();
      await producer.send(batch);
      latency.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
    }
    const produceSeconds = (performance.now() - produceStarted) / 1000;
    const produceCpuMs = cpuMs(produceCpu);
    await producer.disconnect();

    const consumer = bus.createConsumer({ groupId: `bench.${client}.${randomUUID().slice(0, 8)}` });
    let received = 0;
    let firstAt = 0;
    let lastAt = 0;
    let done: () => void = () => undefined;
    const allReceived = new Promise<void>((resolve) => (done = resolve));
    const consumeCpu = process.cpuUsage();
    const consumeStarted = performance.now();
    await consumer.start({
      topic,
      fromBeginning: true,
      partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
      eachBatch: async (batch) => {
        if (firstAt === 0) firstAt = performance.now();
        for (const message of batch.messages) {
          if (!batch.isActive()) break;
          batch.resolveOffset(message.offset);
          await batch.heartbeat();
          received += 1;
        }
        await batch.commitOffsetsIfNecessary();
        lastAt = performance.now();
        if (received >= total) done();
      },
    });
    await allReceived;
    const consumeCpuMs = cpuMs(consumeCpu);
    await consumer.stop();

    const micros = (percentile: number) => latency.getValueAtPercentile(percentile) / 1000;
    return {
      client,
      produceMsgsPerSec: settings.MESSAGES / produceSeconds,
      produceMBPerSec: bytes / 1e6 / produceSeconds,
      batchP50: micros(50),
      batchP95: micros(95),
      batchP99: micros(99),
      produceCpuMsPer1k: (produceCpuMs / settings.MESSAGES) * 1000,
      consumeMsgsPerSec: total / ((lastAt - firstAt) / 1000),
      firstRecordMs: firstAt - consumeStarted,
      consumeCpuMsPer1k: (consumeCpuMs / total) * 1000,
    };
  } finally {
    const admin = createKafka({ brokers, clientId: 'bench-cleanup', logger }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

function installedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(resolve(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return lock.packages[`node_modules/${name}`]?.version ?? '?';
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const ROWS: [label: string, pick: (result: RoundResult) => number, digits: number][] = [
  ['produce msgs/s', (result) => result.produceMsgsPerSec, 0],
  ['produce MB/s (values)', (result) => result.produceMBPerSec, 2],
  ['batch latency p50 ms', (result) => result.batchP50, 1],
  ['batch latency p95 ms', (result) => result.batchP95, 1],
  ['batch latency p99 ms', (result) => result.batchP99, 1],
  ['produce CPU ms / 1k msgs', (result) => result.produceCpuMsPer1k, 1],
  ['consume msgs/s', (result) => result.consumeMsgsPerSec, 0],
  ['first record after start ms', (result) => result.firstRecordMs, 0],
  ['consume CPU ms / 1k msgs', (result) => result.consumeCpuMsPer1k, 1],
];

function printTable(title: string, results: RoundResult[]): void {
  const columns = clients.map((client) => `${client} ${installedVersion(client === 'kafkajs' ? 'kafkajs' : '@platformatic/kafka')}`);
  const width = Math.max(...columns.map((column) => column.length), 12) + 2;
  console.log(`\n${title}`);
  console.log(`${''.padEnd(30)}${columns.map((column) => column.padStart(width)).join('')}`);
  for (const [label, pick, digits] of ROWS) {
    const cells = clients.map((client) => median(results.filter((result) => result.client === client).map(pick)).toFixed(digits));
    console.log(`${label.padEnd(30)}${cells.map((cell) => cell.padStart(width)).join('')}`);
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log('Kafka clients side by side (npm run bench:kafka-clients)');
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown CPU'} · ${cpu.length} cores · ${(totalmem() / 2 ** 30).toFixed(1)} GiB · load ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')} · Node ${process.version} · broker ${settings.KAFKA_BROKERS}`,
  );
  console.log(
    `settings: ${settings.MESSAGES} records per client and round in sequential batches of ${settings.BATCH_SIZE}, ` +
      `~1.5 KB JSON envelope keyed by caseId + 4 headers, ${settings.PARTITIONS} partitions, ${settings.ROUNDS} round(s), order alternating`,
  );
  console.log('producer: idempotent, acks=all, one request in flight, Java murmur2 partitioner, sends chained (the EventBus contract)');
  console.log(`consumer: eachBatch, ${CONSUMER_CONCURRENCY} partitions at once, isActive+resolveOffset+heartbeat per record, commit after each batch`);

  const results: RoundResult[] = [];
  for (let round = 0; round < settings.ROUNDS; round += 1) {
    const order = round % 2 === 0 ? clients : [...clients].reverse();
    for (const client of order) {
      const result = await runClient(client);
      results.push(result);
      console.log(
        `round ${round + 1} ${client.padEnd(12)} produce ${result.produceMsgsPerSec.toFixed(0)} msgs/s (p50 ${result.batchP50.toFixed(1)} ms, ` +
          `p99 ${result.batchP99.toFixed(1)} ms) · consume ${result.consumeMsgsPerSec.toFixed(0)} msgs/s (first record after ${result.firstRecordMs.toFixed(0)} ms)`,
      );
    }
  }
  printTable(`median of ${settings.ROUNDS} round(s)`, results);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
