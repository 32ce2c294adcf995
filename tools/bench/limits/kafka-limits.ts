import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, TOPIC_SPECS, decodeCaseEvent } from '@hotline/contracts';
import { createOrderedProducer } from '@hotline/messaging';
import { LatencyRecorder } from '../shared/latency';
import type { ConsumeLimit, Limits, ProduceLimit } from '../shared/limits-file';
import type { SampleEvents } from './sample-events';

export interface KafkaLimitOptions {
  brokers: string[];
  seconds: number;
  producerCounts: readonly number[];
  batchSize: number;
  /** A service consumer's CONSUMER_PARTITIONS_CONCURRENTLY. */
  consumerPartitionsAtOnce: number;
  events: SampleEvents;
  log: (line: string) => void;
}

const TOPIC_PREFIX = 'bench.limits.';
const CASE_TOPIC_PARTITIONS = TOPIC_SPECS.find((spec) => spec.name === TOPICS.caseEvents)?.partitions ?? 6;

/**
 * Produce and consume throughput for case events on a throwaway topic shaped like hotline.case-events,
 * with the project's producer (idempotent, acks=all, one request in flight) and consumer settings.
 */
export async function measureKafka(options: KafkaLimitOptions): Promise<Limits['kafka']> {
  const kafka = new Kafka({ clientId: 'bench-limits', brokers: options.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // Topics an interrupted run left behind in this broker.
  const leftovers = (await admin.listTopics()).filter((name) => name.startsWith(TOPIC_PREFIX));
  if (leftovers.length) await admin.deleteTopics({ topics: leftovers });
  const topic = `${TOPIC_PREFIX}${randomBytes(4).toString('hex')}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: CASE_TOPIC_PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
  options.log(`kafka: throwaway topic ${topic} (${CASE_TOPIC_PARTITIONS} partitions)`);
  try {
    const produce: ProduceLimit[] = [];
    let produced = 0;
    let measuredBytes = 0;
    let measuredMessages = 0;
    for (const producers of options.producerCounts) {
      const run = await produceFor(kafka, topic, producers, options);
      produce.push(run.result);
      produced += run.messagesIncludingWarmUp;
      measuredBytes += run.bytes;
      measuredMessages += run.result.messages;
      options.log(`kafka: produced ${run.result.messages} messages with ${producers} producer(s)`);
    }
    const consume = await consumeAll(kafka, topic, { expected: produced, isDecoding: false, partitionsAtOnce: options.consumerPartitionsAtOnce });
    options.log(`kafka: consumed ${consume.messages} messages`);
    const consumeAndDecode = await consumeAll(kafka, topic, { expected: produced, isDecoding: true, partitionsAtOnce: options.consumerPartitionsAtOnce });
    options.log(`kafka: consumed and decoded ${consumeAndDecode.messages} messages`);
    return {
      topicPartitions: CASE_TOPIC_PARTITIONS,
      consumerPartitionsAtOnce: options.consumerPartitionsAtOnce,
      averageMessageBytes: Math.round(measuredBytes / Math.max(1, measuredMessages)),
      produce,
      consume,
      consumeAndDecode,
      decodeOnly: { messagesPerSecond: decodeOnly(options.events, Math.min(5, options.seconds)) },
    };
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch((err: unknown) => options.log(`kafka: could not delete ${topic}: ${String(err)}`));
    await admin.disconnect();
  }
}

async function produceFor(
  kafka: Kafka,
  topic: string,
  producers: number,
  options: KafkaLimitOptions,
): Promise<{ result: ProduceLimit; messagesIncludingWarmUp: number; bytes: number }> {
  const clients = Array.from({ length: producers }, () => createOrderedProducer(kafka));
  await Promise.all(clients.map((producer) => producer.connect()));
  const batch = () => Array.from({ length: options.batchSize }, () => options.events.nextMessage());
  const latency = new LatencyRecorder();
  let messages = 0;
  let bytes = 0;
  try {
    // One unmeasured batch each: metadata, producer ids and connections are set up once per relay.
    await Promise.all(clients.map((producer) => producer.send({ topic, acks: -1, messages: batch() })));
    const started = performance.now();
    const end = started + options.seconds * 1000;
    await Promise.all(
      clients.map(async (producer) => {
        while (performance.now() < end) {
          // Building the batch is measured too: the relay serialises every envelope it sends.
          const messagesOfBatch = batch();
          const sentAt = performance.now();
          await producer.send({ topic, acks: -1, messages: messagesOfBatch });
          latency.record(performance.now() - sentAt);
          messages += messagesOfBatch.length;
          for (const message of messagesOfBatch) bytes += Buffer.byteLength(message.value);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      result: {
        producers,
        batchSize: options.batchSize,
        messages,
        seconds,
        messagesPerSecond: messages / seconds,
        megabytesPerSecond: bytes / seconds / 1e6,
        batchLatencyMs: latency.percentiles(),
      },
      messagesIncludingWarmUp: messages + producers * options.batchSize,
      bytes,
    };
  } finally {
    await Promise.all(clients.map((producer) => producer.disconnect()));
  }
}

/** Reads the whole topic with a new group, as a service's consumer does (eachBatch, several partitions at once). */
async function consumeAll(kafka: Kafka, topic: string, input: { expected: number; isDecoding: boolean; partitionsAtOnce: number }): Promise<ConsumeLimit> {
  const { expected, isDecoding } = input;
  const consumer = kafka.consumer({ groupId: `bench-limits-${randomBytes(4).toString('hex')}`, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let count = 0;
  let invalid = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  try {
    await consumer.run({
      partitionsConsumedConcurrently: input.partitionsAtOnce,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        firstAt ??= performance.now();
        for (const message of payload.batch.messages) {
          if (isDecoding && !decodeCaseEvent(message.value).ok) invalid += 1;
          payload.resolveOffset(message.offset);
        }
        count += payload.batch.messages.length;
        await payload.heartbeat();
        if (count >= expected) {
          lastAt = performance.now();
          finish();
        }
      },
    });
    const timeout = setTimeout(finish, 600_000);
    await finished;
    clearTimeout(timeout);
  } finally {
    await consumer.disconnect();
  }
  if (invalid > 0) throw new Error(`${invalid} sample messages did not decode: the fixtures no longer match the contracts`);
  if (count < expected) throw new Error(`consumed only ${count} of ${expected} messages within 10 minutes`);
  // From the first fetched batch: joining the group is not consumption.
  const seconds = (lastAt - (firstAt ?? lastAt)) / 1000;
  return { messages: count, seconds, messagesPerSecond: count / Math.max(seconds, 1e-3) };
}

/** decodeCaseEvent (JSON.parse + the event's schema) alone, on one core, over ready buffers. */
function decodeOnly(events: SampleEvents, seconds: number): number {
  const buffers = Array.from({ length: 6000 }, () => Buffer.from(events.nextMessage().value));
  let decoded = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i += 1) {
      if (!decodeCaseEvent(buffers[(decoded + i) % buffers.length]).ok) throw new Error('a sample message did not decode');
    }
    decoded += 1000;
  }
  return decoded / ((performance.now() - started) / 1000);
}
