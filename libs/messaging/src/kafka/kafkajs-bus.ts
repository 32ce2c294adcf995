import type { Consumer, EachBatchPayload, IHeaders, ITopicConfig, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import type { Logger } from '@hotline/observability';
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
import { backoffMs, sleep } from '../backoff';

/** Today's client: `createKafka` (logs into pino) and `createOrderedProducer` (idempotent, one request in flight, murmur2). */
export class KafkajsEventBus implements EventBus {
  readonly clientName = 'kafkajs';
  private readonly kafka: Kafka;

  constructor(private readonly options: EventBusOptions) {
    this.kafka = createKafka(options);
  }

  createProducer(): EventProducer {
    return new KafkajsProducer(createOrderedProducer(this.kafka));
  }

  createConsumer(options: ConsumerOptions): EventConsumer {
    return new KafkajsConsumer(this.kafka, options, this.options.logger);
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

function toPartitionBatch(payload: EachBatchPayload, onLostMembership: () => void): PartitionBatch {
  return {
    topic: payload.batch.topic,
    partition: payload.batch.partition,
    messages: payload.batch.messages.map(toIncoming),
    isActive: () => payload.isRunning() && !payload.isStale(),
    heartbeat: () =>
      payload.heartbeat().catch((err: unknown) => {
        if ((err as { type?: string }).type === 'UNKNOWN_MEMBER_ID') onLostMembership();
        throw err;
      }),
    resolveOffset: (offset) => payload.resolveOffset(offset),
    commitOffsetsIfNecessary: () => payload.commitOffsetsIfNecessary(),
  };
}


/**
 * kafkajs heartbeats only when `heartbeat()` is called: a batch must call it more often than the session timeout.
 *
 * kafkajs restarts a crashed consumer only for errors it deems retriable. Right after a broker restart
 * the group coordinator may not be found yet (KafkaJSGroupCoordinatorNotFound, not retriable), and a
 * member the coordinator forgot can go on heartbeating and committing in vain (UNKNOWN_MEMBER_ID):
 * in both cases the consumer would stop for good while its service lives on, so it is replaced.
 */
class KafkajsConsumer implements EventConsumer {
  private consumer: Consumer | undefined;
  private consumeOptions: ConsumeOptions | undefined;
  private isStopped = false;
  private replacing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly logger: Logger,
  ) {}

  async start(options: ConsumeOptions): Promise<void> {
    if (this.consumeOptions) throw new Error('the consumer is already started');
    this.consumeOptions = options;
    try {
      await this.run(options);
    } catch (err) {
      this.consumeOptions = undefined;
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    await this.replacing;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private async run(options: ConsumeOptions): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? CONSUMER_DEFAULTS.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? CONSUMER_DEFAULTS.heartbeatIntervalMs,
      retry: { retries: 10 },
      ...(this.options.fetchMinBytes !== undefined ? { minBytes: this.options.fetchMinBytes } : {}),
      ...(this.options.fetchMaxWaitMs !== undefined ? { maxWaitTimeInMs: this.options.fetchMaxWaitMs } : {}),
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.replace(consumer, `crashed for good: ${payload.error.message}`);
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
        eachBatch: (payload) =>
          options.eachBatch(toPartitionBatch(payload, () => this.replace(consumer, 'the group coordinator no longer knows this member'))),
      });
    } catch (err) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /** Disconnects `crashed` (not awaited from inside its own batch) and joins the group again with a new consumer. */
  private replace(crashed: Consumer, reason: string): void {
    if (this.isStopped || this.replacing || this.consumer !== crashed || !this.consumeOptions) return;
    const options = this.consumeOptions;
    this.logger.error({ groupId: this.options.groupId, reason }, 'Kafka consumer stopped; replacing it');
    this.replacing = (async () => {
      this.consumer = undefined;
      await crashed.disconnect().catch(() => undefined);
      for (let failures = 1; !this.isStopped; failures += 1) {
        try {
          await this.run(options);
          return;
        } catch (err) {
          const delay = backoffMs(failures, 250, 5_000);
          this.logger.warn({ err, groupId: this.options.groupId, retryInMs: delay }, 'Kafka consumer could not join again; retrying');
          await sleep(delay);
        }
      }
    })().finally(() => (this.replacing = undefined));
  }
}
