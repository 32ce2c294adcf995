import type { Admin, MessageToProduce, Partitioner, Producer } from '@platformatic/kafka';
import type { ConsumerOptions, EventBus, EventBusOptions, EventConsumer, EventProducer, OutgoingMessage, TopicDefinition } from './event-bus';
import { loadPlatformatic, logClientEvents, platformaticBaseOptions, type PlatformaticModule } from './platformatic-client';
import { PlatformaticConsumer } from './platformatic-consumer';
import { sleep } from '../backoff';

export class PlatformaticEventBus implements EventBus {
  readonly clientName = 'platformatic';

  constructor(private readonly options: EventBusOptions) {}

  createProducer(): EventProducer {
    return new PlatformaticProducer(this.options);
  }

  createConsumer(options: ConsumerOptions): EventConsumer {
    return new PlatformaticConsumer({ ...options, base: platformaticBaseOptions(this.options), logger: this.options.logger });
  }

  async ensureTopics(specs: readonly TopicDefinition[]): Promise<string[]> {
    const { Admin, findErrorBy } = await loadPlatformatic();
    const admin = new Admin(platformaticBaseOptions(this.options));
    logClientEvents(admin, this.options.logger);
    try {
      const existing = new Set(await admin.listTopics());
      const created: string[] = [];
      for (const spec of specs.filter((candidate) => !existing.has(candidate.name))) {
        // One request per topic: a request's configs apply to every topic in it.
        const isCreated = await admin
          .createTopics({
            topics: [spec.name],
            partitions: spec.partitions,
            replicas: 1,
            configs: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
          })
          .then(
            () => true,
            (err: Error) => {
              if (findErrorBy(err, 'apiId', 'TOPIC_ALREADY_EXISTS')) return false;
              throw err;
            },
          );
        if (isCreated) created.push(spec.name);
      }
      await waitForLeaders(admin, created);
      return created;
    } finally {
      await admin.close();
    }
  }
}


/** Like kafkajs's `waitForLeaders`: a producer sent right after creation must find every partition's leader. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true });
    const haveLeaders = topics.every((topic) => metadata.topics.get(topic)?.partitions.every((partition) => partition.leader >= 0) === true);
    if (haveLeaders) return;
    if (Date.now() > deadline) throw new Error(`no partition leaders for ${topics.join(', ')} after 30 s`);
    await sleep(100);
  }
}

/**
 * Java's partitioner for keyed records (the library's default differs: it does not clear the sign bit
 * the way Java and kafkajs do), and round-robin for keyless ones, as kafkajs does.
 */
function javaCompatiblePartitioner({ compatibilityPartitioner }: PlatformaticModule): Partitioner<Buffer, Buffer, Buffer, Buffer> {
  let next = 0;
  return (message, key) => (key === undefined ? next++ & 0x7fffffff : compatibilityPartitioner(message, key));
}

function toRecord(message: OutgoingMessage): MessageToProduce<Buffer, Buffer, Buffer, Buffer> {
  const headers = new Map<Buffer, Buffer>();
  for (const [name, value] of Object.entries(message.headers)) headers.set(Buffer.from(name), Buffer.from(value));
  return {
    topic: message.topic,
    key: message.key === null ? undefined : Buffer.from(message.key),
    value: message.value === null ? undefined : Buffer.isBuffer(message.value) ? message.value : Buffer.from(message.value),
    headers,
  };
}

/**
 * `idempotent: true` makes the library force acks=all and one request in flight per broker; sends are also
 * chained here so that records of concurrent `send` calls take their sequence numbers in call order.
 */
class PlatformaticProducer implements EventProducer {
  private producer: Producer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EventBusOptions) {}

  get isConnected(): boolean {
    return this.producer !== undefined;
  }

  async connect(): Promise<void> {
    if (this.producer) return;
    const kafka = await loadPlatformatic();
    const { Producer, ProduceAcks } = kafka;
    const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
      ...platformaticBaseOptions(this.options),
      idempotent: true,
      acks: ProduceAcks.ALL,
      maxInflights: 1,
      partitioner: javaCompatiblePartitioner(kafka),
      autocreateTopics: false,
    });
    logClientEvents(producer, this.options.logger);
    try {
      // The client connects lazily; asking for the cluster's metadata proves a broker answers, as kafkajs's connect does.
      await producer.metadata({ topics: [] });
    } catch (err) {
      await producer.close().catch(() => undefined);
      throw err;
    }
    this.producer = producer;
  }

  send(messages: readonly OutgoingMessage[]): Promise<void> {
    const producer = this.producer;
    if (!producer) return Promise.reject(new Error('the producer is not connected'));
    if (messages.length === 0) return Promise.resolve();
    const records = messages.map(toRecord);
    const sent = this.tail.then(async () => {
      await producer.send({ messages: records });
    });
    this.tail = sent.catch(() => undefined);
    return sent;
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await this.tail;
    await producer?.close();
  }
}
