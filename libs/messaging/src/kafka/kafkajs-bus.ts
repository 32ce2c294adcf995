import type { Consumer, EachBatchPayload, IHeaders, ITopicConfig, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { CONSUMER_DEFAULTS } from './consumer-defaults';
import type {
  ConsumeOptions,
  ConsumerOptions,
  EventBus,
  EventBusOptions,
  EventConsumer,
  EventProducer,
  IncomingMessage,
  OutgoingMessage,
  PartitionBatch,
  TopicDefinition,
} from './event-bus';
import { createKafka, createOrderedProducer } from './kafka-client';

/** Today's client: `createKafka` (logs into pino) and `createOrderedProducer` (idempotent, one request in flight, murmur2). */
export class KafkajsEventBus implements EventBus {
  readonly clientName = 'kafkajs';
  private readonly kafka: Kafka;

  constructor(options: EventBusOptions) {
    this.kafka = createKafka(options);
  }

  createProducer(): EventProducer {
    return new KafkajsProducer(createOrderedProducer(this.kafka));
  }

  createConsumer(options: ConsumerOptions): EventConsumer {
    return new KafkajsConsumer(this.kafka, options);
  }

  async ensureTopics(specs: readonly TopicDefinition[]): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing: ITopicConfig[] = specs
        .filter((spec) => !existing.has(spec.name))
        .map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: 1,
          configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
        }));
      if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
      return missing.map((topic) => topic.topic);
    } finally {
      await admin.disconnect();
    }
  }
}

function toKafkajsMessage(message: OutgoingMessage): Message {
  return { key: message.key, value: message.value, headers: message.headers };
}

/**
 * kafkajs serialises idempotent requests per broker with a lock, but concurrent sends reach the lock after
 * their own metadata look-ups, in any order: the sends are chained so that call order is send order.
 */
class KafkajsProducer implements EventProducer {
  private connected = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly producer: Producer) {
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const byTopic = new Map<string, Message[]>();
    for (const message of messages) {
      const topicMessages = byTopic.get(message.topic);
      if (topicMessages) topicMessages.push(toKafkajsMessage(message));
      else byTopic.set(message.topic, [toKafkajsMessage(message)]);
    }
    const topicMessages = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
    const sent = this.tail.then(async () => {
      await this.producer.sendBatch({ acks: -1, topicMessages });
    });
    this.tail = sent.catch(() => undefined);
    return sent;
  }

  async disconnect(): Promise<void> {
    await this.tail;
    await this.producer.disconnect();
    this.connected = false;
  }
}

function headerMap(headers: IHeaders | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) map[name] = first.toString();
  }
  return map;
}

function toIncoming(message: KafkaMessage): IncomingMessage {
  return { key: message.key?.toString() ?? null, value: message.value, headers: headerMap(message.headers), offset: message.offset };
}

function toPartitionBatch(payload: EachBatchPayload): PartitionBatch {
  return {
    topic: payload.batch.topic,
    partition: payload.batch.partition,
    messages: payload.batch.messages.map(toIncoming),
    isActive: () => payload.isRunning() && !payload.isStale(),
    heartbeat: () => payload.heartbeat(),
    resolveOffset: (offset) => payload.resolveOffset(offset),
    commitOffsetsIfNecessary: () => payload.commitOffsetsIfNecessary(),
  };
}

/** kafkajs heartbeats only when `heartbeat()` is called: a batch must call it more often than the session timeout. */
class KafkajsConsumer implements EventConsumer {
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerOptions,
  ) {}

  async start(options: ConsumeOptions): Promise<void> {
    if (this.consumer) throw new Error('the consumer is already started');
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? CONSUMER_DEFAULTS.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? CONSUMER_DEFAULTS.heartbeatIntervalMs,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: this.options.autoCommitIntervalMs ?? null,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        eachBatch: (payload) => options.eachBatch(toPartitionBatch(payload)),
      });
    } catch (err) {
      this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }
}
