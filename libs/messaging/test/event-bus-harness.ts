import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { createLogger } from '@hotline/observability';
import {
  createEventBus,
  createKafka,
  type ConsumerOptions,
  type EventBus,
  type EventConsumer,
  type KafkaClientName,
  type PartitionBatch,
} from '../src';

// libs/testing depends on this lib, so the messaging tests carry the little harness they need.
export const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
export const logger = createLogger('event-bus-test', process.env['TEST_LOG_LEVEL'] ?? 'fatal');

export function busFor(client: KafkaClientName): EventBus {
  return createEventBus({ client, brokers, clientId: `event-bus-test-${client}`, logger });
}

export const uniqueName = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` stops throwing; fails with its last error after `timeoutMs`. */
export async function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await sleep(100);
  }
}

/** Topics, committed offsets and group state, read with kafkajs's admin (a witness, not a client under test). */
export class BrokerWitness {
  private readonly admin: Admin = createKafka({ brokers, clientId: 'event-bus-witness', logger }).admin();
  private readonly topics: string[] = [];

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  /** Deletes `topic` with the others when the witness closes. */
  adopt(topic: string): void {
    this.topics.push(topic);
  }

  async createTopic(partitions: number): Promise<string> {
    const topic = uniqueName('test.event-bus');
    await this.admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    this.topics.push(topic);
    return topic;
  }

  /** Committed offset (the next record to read) per partition; -1 where nothing is committed. */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
  }

  async groupMembers(groupId: string): Promise<{ state: string; members: number }> {
    const { groups } = await this.admin.describeGroups([groupId]);
    return { state: groups[0]?.state ?? 'Unknown', members: groups[0]?.members.length ?? 0 };
  }

  /** Deletes the topics this witness created; the test broker keeps nothing between runs. */
  async close(): Promise<void> {
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    await this.admin.disconnect();
  }
}

export interface Received {
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface Collector {
  readonly consumer: EventConsumer;
  readonly received: Received[];
  stop(): Promise<void>;
}

/**
 * A consumer that handles like KafkaEventServer: message by message while the batch is active, resolving each
 * offset and heartbeating after it. `handle` may throw (the batch fails) or return false (stop resolving).
 */
export async function startCollector(
  bus: EventBus,
  options: ConsumerOptions & {
    topic: string;
    partitionsConsumedConcurrently?: number;
    handle?: (message: Received, batch: PartitionBatch) => Promise<boolean | void> | boolean | void;
  },
): Promise<Collector> {
  const { topic, partitionsConsumedConcurrently = 3, handle, ...consumerOptions } = options;
  // As the services' consumers (CONSUMER_FETCH_MAX_WAIT_MS): kafkajs's stop waits out the fetch in
  // flight, which with the clients' own default of 5 s made every stopped collector cost 5 s.
  const consumer = bus.createConsumer({ fetchMaxWaitMs: 100, ...consumerOptions });
  const received: Received[] = [];
  await consumer.start({
    topic,
    fromBeginning: true,
    partitionsConsumedConcurrently,
    eachBatch: async (batch) => {
      for (const message of batch.messages) {
        if (!batch.isActive()) break;
        const record: Received = {
          partition: batch.partition,
          offset: Number(message.offset),
          key: message.key,
          value: message.value?.toString() ?? '',
          headers: message.headers,
        };
        if ((await handle?.(record, batch)) === false) break;
        received.push(record);
        batch.resolveOffset(message.offset);
        await batch.heartbeat();
      }
      await batch.commitOffsetsIfNecessary();
    },
  });
  return { consumer, received, stop: () => consumer.stop() };
}

/** A project-shaped record: JSON envelope keyed by caseId, with the relay's headers. */
export function caseMessage(topic: string, caseId: string, seq: number) {
  return {
    topic,
    key: caseId,
    value: JSON.stringify({ eventId: randomUUID(), type: 'case.received', caseId, seq }),
    headers: { 'event-type': 'case.received', seq: String(seq) },
  };
}

export const seqOf = (message: Received) => Number(message.headers['seq']);
