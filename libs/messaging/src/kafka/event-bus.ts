import type { Logger } from '@hotline/observability';
import { KafkajsEventBus } from './kafkajs-bus';
import { PlatformaticEventBus } from './platformatic-bus';

/** The Kafka clients the project can run on; both sit behind the same `EventBus`. */
export const KAFKA_CLIENT_NAMES = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENT_NAMES)[number];

/** A record to publish. The key (a caseId) picks the partition with Java's murmur2, whichever client sends it. */
export interface OutgoingMessage {
  topic: string;
  /** `null` only when forwarding a keyless record (e.g. to a dead-letter topic): it is spread round-robin. */
  key: string | null;
  value: string | Buffer | null;
  headers: Record<string, string>;
}

export interface IncomingMessage {
  key: string | null;
  value: Buffer | null;
  /** The first value of each header, as UTF-8. */
  headers: Record<string, string>;
  offset: string;
}

/**
 * Idempotent, acks=all, one request in flight: a broker retry never duplicates or reorders a key's
 * records, and `send` resolves once every record is written. Concurrent `send` calls go out in call order.
 */
export interface EventProducer {
  connect(): Promise<void>;
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
  readonly isConnected: boolean;
}

/** The records of one partition handed to `eachBatch`, in offset order. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: readonly IncomingMessage[];
  /** False once the consumer stops or the group rebalances: stop before the next message. */
  isActive(): boolean;
  /** Keeps the group membership alive during a long batch. With kafkajs it rejects when the group rebalances. */
  heartbeat(): Promise<void>;
  /** Marks a record (and every one before it) processed; only resolved offsets are ever committed. */
  resolveOffset(offset: string): void;
  /** Commits the resolved offsets if the auto-commit interval has passed (the client does so after each batch too). */
  commitOffsetsIfNecessary(): Promise<void>;
}

export interface ConsumeOptions {
  topic: string;
  /** Where a group without a committed offset starts. */
  fromBeginning: boolean;
  partitionsConsumedConcurrently: number;
  /** A rejection is logged and the partition is read again from its last committed offset. */
  eachBatch(batch: PartitionBatch): Promise<void>;
}

/** A member of a consumer group. Committed offsets live in the group, so either client resumes where the other stopped. */
export interface EventConsumer {
  start(options: ConsumeOptions): Promise<void>;
  /** Stops fetching, waits for the batches in progress, commits what they resolved and leaves the group. */
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * Commit resolved offsets at most this often, inside a batch and after it, and what is left once the interval
   * has passed with nothing more arriving; without it, after each batch.
   */
  autoCommitIntervalMs?: number;
  /**
   * A fetch is answered once this many bytes are ready (or `fetchMaxWaitMs` has passed): more records
   * per fetch, batch and transaction under load, at most `fetchMaxWaitMs` later when quiet. Default 1.
   */
  fetchMinBytes?: number;
  /** How long the broker holds a fetch that has fewer than `fetchMinBytes`. Default 5,000 ms (kafkajs). */
  fetchMaxWaitMs?: number;
}

/** What a topic needs to exist (`TopicSpec` from the contracts fits, and so does a test's own topic). */
export interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  readonly config: Readonly<Record<string, string>>;
}

export interface EventBus {
  readonly clientName: KafkaClientName;
  createProducer(): EventProducer;
  createConsumer(options: ConsumerOptions): EventConsumer;
  /** Creates the missing topics (broker auto-creation is off) and returns their names. */
  ensureTopics(specs: readonly TopicDefinition[]): Promise<string[]>;
}

export interface EventBusOptions {
  client: KafkaClientName;
  brokers: string[];
  clientId: string;
  logger: Logger;
}

export function createEventBus(options: EventBusOptions): EventBus {
  switch (options.client) {
    case 'kafkajs':
      return new KafkajsEventBus(options);
    case 'platformatic':
      return new PlatformaticEventBus(options);
  }
}

export function isKafkaClientName(value: string): value is KafkaClientName {
  return (KAFKA_CLIENT_NAMES as readonly string[]).includes(value);
}
