import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { newCaseEvent } from '@hotline/contracts';
import { KafkaEventServer, createEventBus, type EventProducer } from '../src';
import { BrokerWitness, brokers, eventually, logger, uniqueName } from './event-bus-harness';

/**
 * A TCP door in front of the real broker: closed, the bootstrap address refuses connections as a
 * stopped broker does; open, it forwards them. Kafka's metadata then sends the client to the broker
 * itself, so only the first contact goes through the door.
 */
class BrokerDoor {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(readonly port: number) {}

  static async onFreePort(): Promise<BrokerDoor> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new BrokerDoor(port);
  }

  async open(): Promise<void> {
    const [host, port] = brokers[0]!.split(':');
    this.server = createServer((client) => {
      const broker = connect({ host, port: Number(port) });
      for (const socket of [client, broker]) {
        this.sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(broker).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function listening(server: KafkaEventServer): Promise<void> {
  return new Promise((resolve, reject) => void server.listen((err?: unknown) => (err ? reject(err as Error) : resolve())));
}

describe('KafkaEventServer: a service that boots while the broker is down', () => {
  const witness = new BrokerWitness();
  let door: BrokerDoor;
  let producer: EventProducer;

  beforeAll(async () => {
    await witness.connect();
    producer = createEventBus({ client: 'kafkajs', brokers, clientId: 'boot-test-producer', logger }).createProducer();
    await producer.connect();
  });

  beforeEach(async () => {
    door = await BrokerDoor.onFreePort();
  });

  afterEach(async () => {
    await door.close();
  });

  afterAll(async () => {
    await producer.disconnect();
    await witness.close();
  });

  function serverBehindDoor(topic: string, received: string[]): KafkaEventServer {
    const bus = createEventBus({ client: 'kafkajs', brokers: [`127.0.0.1:${door.port}`], clientId: 'boot-test', logger });
    const server = new KafkaEventServer({ bus, consumerName: 'boot-test', groupId: uniqueName('boot-test'), topic, dlqTopic: `${topic}.dlq`, logger });
    server.addHandler('case.received', async (event: { caseId: string }) => void received.push(event.caseId), true);
    return server;
  }

  it('keeps trying instead of failing, and consumes once the broker answers', async () => {
    const topic = await witness.createTopic(1);
    const received: string[] = [];
    const server = serverBehindDoor(topic, received);
    let outcome: 'pending' | 'listening' | Error = 'pending';
    listening(server).then(
      () => (outcome = 'listening'),
      (err: Error) => (outcome = err),
    );
    try {
      // An absence check: several connection attempts fail while the door is shut, and nothing gives up.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(outcome).toBe('pending');

      await door.open();
      await eventually(() => expect(outcome).toBe('listening'), 60_000);
      const event = newCaseEvent({
        type: 'case.received',
        caseId: randomUUID(),
        producer: 'intake',
        payload: {
          trackingNumber: '261127-BOOT01',
          type: 'complaint',
          channel: 'phone',
          title: null,
          description: '路灯不亮',
          location: null,
          address: null,
          reporter: null,
          externalId: null,
          reportedAt: new Date().toISOString(),
        },
      });
      await producer.send([{ topic, key: event.caseId, value: JSON.stringify(event), headers: { 'event-type': event.type } }]);
      await eventually(() => expect(received).toEqual([event.caseId]), 60_000);
    } finally {
      await server.close();
    }
  });

  it('stops trying when it is closed before the broker ever answered', async () => {
    const server = serverBehindDoor(await witness.createTopic(1), []);
    let hasListened = false;
    const boot = listening(server).then(() => (hasListened = true));
    await server.close();
    await boot;
    expect(hasListened).toBe(true);
  });
});
