import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { KAFKA_CLIENT_NAMES, type EventProducer, type KafkaClientName } from '../src';
import { BrokerWitness, busFor, caseMessage, eventually, seqOf, startCollector, uniqueName, type Collector, type Received } from './event-bus-harness';

const witness = new BrokerWitness();
const running = new Set<Collector>();
const producers = new Set<EventProducer>();

beforeAll(() => witness.connect());

afterEach(async () => {
  await Promise.allSettled([...running].map((collector) => collector.stop()));
  running.clear();
  await Promise.allSettled([...producers].map((producer) => producer.disconnect()));
  producers.clear();
});

afterAll(() => witness.close());

async function connectedProducer(client: KafkaClientName): Promise<EventProducer> {
  const producer = busFor(client).createProducer();
  await producer.connect();
  producers.add(producer);
  return producer;
}

async function collect(client: KafkaClientName, options: Parameters<typeof startCollector>[1]): Promise<Collector> {
  const collector = await startCollector(busFor(client), options);
  running.add(collector);
  return collector;
}

async function stop(collector: Collector): Promise<void> {
  running.delete(collector);
  await collector.stop();
}

/** Sends `count` records per case, the cases interleaved, in four concurrent `send` calls. */
async function produceCases(producer: EventProducer, topic: string, caseIds: readonly string[], count: number): Promise<void> {
  const messages = Array.from({ length: count }, (_, seq) => caseIds.map((caseId) => caseMessage(topic, caseId, seq))).flat();
  const size = Math.ceil(messages.length / 4);
  const chunks = Array.from({ length: 4 }, (_, index) => messages.slice(index * size, (index + 1) * size));
  // Every case has records in several calls: the order across concurrent calls is part of the contract.
  await Promise.all(chunks.map((chunk) => producer.send(chunk)));
}

const byOffset = (a: Received, b: Received) => a.partition - b.partition || a.offset - b.offset;

describe.each(KAFKA_CLIENT_NAMES)('event bus on %s', (client) => {
  it('creates missing topics once and reports only the ones it created', async () => {
    const bus = busFor(client);
    const name = uniqueName('test.event-bus.ensure');
    witness.adopt(name);
    const spec = { name, partitions: 3, config: { 'retention.ms': '3600000' } };
    expect(await bus.ensureTopics([spec])).toEqual([name]);
    expect(await bus.ensureTopics([spec])).toEqual([]);
    // The partitions have leaders at once: a record sent right away is accepted.
    const producer = await connectedProducer(client);
    await producer.send([caseMessage(name, 'case-new-topic', 0)]);
  });

  it("keeps each case's records in send order, once each, on one partition", async () => {
    const topic = await witness.createTopic(6);
    const caseIds = Array.from({ length: 12 }, () => randomUUID());
    const producer = await connectedProducer(client);
    await produceCases(producer, topic, caseIds, 10);
    await produceCases(producer, topic, caseIds, 10);

    const collector = await collect(client, { groupId: uniqueName('test.order'), topic });
    await eventually(() => expect(collector.received).toHaveLength(caseIds.length * 20));

    for (const caseId of caseIds) {
      const records = collector.received.filter((message) => message.key === caseId).sort(byOffset);
      expect(new Set(records.map((message) => message.partition)).size).toBe(1);
      expect(records.map(seqOf)).toEqual([...Array(10).keys(), ...Array(10).keys()]);
    }
  });

  it('commits only resolved offsets, and a restarted member goes on from the committed one', async () => {
    const topic = await witness.createTopic(1);
    const groupId = uniqueName('test.resume');
    const producer = await connectedProducer(client);
    await producer.send(Array.from({ length: 30 }, (_, seq) => caseMessage(topic, 'case-resume', seq)));

    // The first member handles 12 records, then stops resolving (as if it crashed on the 13th).
    const first = await collect(client, { groupId, topic, handle: (message) => message.offset < 12 });
    await eventually(async () => expect((await witness.committedOffsets(groupId, topic)).get(0)).toBe(12));
    await stop(first);
    expect(first.received.map((message) => message.offset)).toEqual(Array.from({ length: 12 }, (_, offset) => offset));

    const second = await collect(client, { groupId, topic });
    await eventually(() => expect(second.received.length).toBeGreaterThanOrEqual(18));
    expect(second.received.map((message) => message.offset)).toEqual(Array.from({ length: 18 }, (_, index) => 12 + index));
    await eventually(async () => expect((await witness.committedOffsets(groupId, topic)).get(0)).toBe(30));
  });

  it('reads a partition again from its last resolved record after a batch fails', async () => {
    const topic = await witness.createTopic(1);
    const producer = await connectedProducer(client);
    await producer.send(Array.from({ length: 10 }, (_, seq) => caseMessage(topic, 'case-retry', seq)));

    let hasFailed = false;
    const collector = await collect(client, {
      groupId: uniqueName('test.retry'),
      topic,
      handle: (message) => {
        if (message.offset === 4 && !hasFailed) {
          hasFailed = true;
          throw new Error('database unavailable');
        }
      },
    });
    await eventually(() => expect(new Set(collector.received.map((message) => message.offset)).size).toBe(10));
    // At least once, in order: 0..3 handled once, then 4..9 after the failure; nothing skipped.
    expect(collector.received.map((message) => message.offset).filter((offset) => offset >= 4)[0]).toBe(4);
    expect(collector.received.slice(0, 4).map((message) => message.offset)).toEqual([0, 1, 2, 3]);
  });

  it('loses nothing when a member is killed in the middle of a batch: the next one starts at the last commit', async () => {
    const topic = await witness.createTopic(1);
    const groupId = uniqueName('test.crash');
    const producer = await connectedProducer(client);
    await producer.send(Array.from({ length: 20 }, (_, seq) => caseMessage(topic, 'case-crash', seq)));

    const target = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'crash-target.ts')], {
      cwd: join(__dirname, '../../..'),
      env: { ...process.env, CLIENT: client, TOPIC: topic, GROUP_ID: groupId, STALL_AFTER: '8' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    target.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    try {
      await eventually(() => expect(lines).toContain('stalled'), 60_000);
      await eventually(async () => expect((await witness.committedOffsets(groupId, topic)).get(0)).toBe(8));
    } finally {
      target.kill('SIGKILL');
    }
    expect(lines.filter((line) => line.startsWith('handled'))).toHaveLength(8);

    // The killed member never left the group: the next one waits out its session, then goes on at offset 8.
    const next = await collect(client, { groupId, topic, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
    await eventually(() => expect(next.received.length).toBeGreaterThanOrEqual(12), 60_000);
    expect(next.received.map((message) => message.offset)).toEqual(Array.from({ length: 12 }, (_, index) => 8 + index));
  });

  it('hands partitions over as members join and leave, losing nothing and keeping each case in order', async () => {
    const topic = await witness.createTopic(6);
    const groupId = uniqueName('test.rebalance');
    const caseIds = Array.from({ length: 12 }, () => randomUUID());
    const producer = await connectedProducer(client);
    const options = { groupId, topic, sessionTimeoutMs: 10_000, heartbeatIntervalMs: 500 };
    const first = await collect(client, options);

    // A steady stream of every case's records while a second member joins and the first one leaves.
    let rounds = 0;
    const producing = (async () => {
      for (; rounds < 40; rounds += 1) {
        await producer.send(caseIds.map((caseId) => caseMessage(topic, caseId, rounds)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await eventually(() => expect(rounds).toBeGreaterThanOrEqual(10));
    const second = await collect(client, options);
    await eventually(() => expect(second.received.length).toBeGreaterThan(0));
    await eventually(() => expect(rounds).toBeGreaterThanOrEqual(25));
    await stop(first);
    await producing;

    const key = (message: Received) => `${message.partition}:${message.offset}`;
    await eventually(() => expect(new Set([...first.received, ...second.received].map(key)).size).toBe(caseIds.length * 40));
    for (const member of [first, second]) {
      for (const caseId of caseIds) {
        const seqs = member.received.filter((message) => message.key === caseId).map(seqOf);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(seqs).size).toBe(seqs.length);
      }
    }
  });

  it('keeps its membership through a batch longer than the session timeout', async () => {
    const topic = await witness.createTopic(1);
    const groupId = uniqueName('test.slow');
    const producer = await connectedProducer(client);
    await producer.send(Array.from({ length: 3 }, (_, seq) => caseMessage(topic, 'case-slow', seq)));

    const sessionTimeoutMs = 6_000; // the broker's group.min.session.timeout.ms
    const inactiveAt: number[] = [];
    const collector = await collect(client, {
      groupId,
      topic,
      sessionTimeoutMs,
      heartbeatIntervalMs: 500,
      handle: async (message, batch) => {
        // Each record takes 0.6 × the session timeout, heartbeating as KafkaEventServer does on retries.
        const until = Date.now() + sessionTimeoutMs * 0.6;
        while (Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          await batch.heartbeat();
          if (!batch.isActive()) inactiveAt.push(message.offset);
        }
      },
    });
    await eventually(() => expect(collector.received).toHaveLength(3), 60_000);
    expect(inactiveAt).toEqual([]);
    expect(collector.received.map((message) => message.offset)).toEqual([0, 1, 2]);
    await eventually(async () => expect((await witness.committedOffsets(groupId, topic)).get(0)).toBe(3));
    expect(await witness.groupMembers(groupId)).toEqual({ state: 'Stable', members: 1 });
  });
});

describe('event bus: the two clients together', () => {
  it('puts a caseId on the same partition with either client', async () => {
    const topic = await witness.createTopic(6);
    const caseIds = Array.from({ length: 300 }, () => randomUUID());
    for (const client of KAFKA_CLIENT_NAMES) {
      const producer = await connectedProducer(client);
      await producer.send(caseIds.map((caseId) => ({ ...caseMessage(topic, caseId, 0), headers: { client } })));
    }
    const collector = await collect('kafkajs', { groupId: uniqueName('test.partitioner'), topic });
    await eventually(() => expect(collector.received).toHaveLength(caseIds.length * 2));

    const partitionBy = (client: KafkaClientName) =>
      new Map(collector.received.filter((message) => message.headers['client'] === client).map((message) => [message.key, message.partition]));
    const kafkajs = partitionBy('kafkajs');
    const platformatic = partitionBy('platformatic');
    expect(new Set(kafkajs.values()).size).toBe(6);
    for (const caseId of caseIds) expect([caseId, platformatic.get(caseId)]).toEqual([caseId, kafkajs.get(caseId)]);
  });

  it.each([
    ['kafkajs', 'platformatic'],
    ['platformatic', 'kafkajs'],
  ] as const)('continues a group consumed by %s with %s where it left off', async (before, after) => {
    const topic = await witness.createTopic(3);
    const groupId = uniqueName('test.switch');
    const caseIds = Array.from({ length: 9 }, () => randomUUID());
    const producer = await connectedProducer(before);
    await produceCases(producer, topic, caseIds, 5);

    const first = await collect(before, { groupId, topic, partitionsConsumedConcurrently: 1 });
    await eventually(() => expect(first.received).toHaveLength(45));
    const committedTotal = async () => [...(await witness.committedOffsets(groupId, topic)).values()].reduce((sum, offset) => sum + Math.max(0, offset), 0);
    await eventually(async () => expect(await committedTotal()).toBe(45));
    await stop(first);

    await produceCases(producer, topic, caseIds, 5);
    const second = await collect(after, { groupId, topic });
    await eventually(() => expect(second.received).toHaveLength(45));
    // Nothing read twice, nothing lost: the second client starts at the first one's committed offsets.
    const all = [...first.received, ...second.received].sort(byOffset);
    expect(new Set(all.map((message) => `${message.partition}:${message.offset}`)).size).toBe(90);
    await eventually(async () => expect(await committedTotal()).toBe(90));
  });

  it('lets members of both clients share one group while a service rolls from one to the other', async () => {
    const topic = await witness.createTopic(6);
    const groupId = uniqueName('test.mixed');
    const kafkajs = await collect('kafkajs', { groupId, topic, sessionTimeoutMs: 10_000, heartbeatIntervalMs: 500 });
    const platformatic = await collect('platformatic', { groupId, topic, sessionTimeoutMs: 10_000, heartbeatIntervalMs: 500 });
    await eventually(async () => expect(await witness.groupMembers(groupId)).toEqual({ state: 'Stable', members: 2 }), 60_000);

    const caseIds = Array.from({ length: 60 }, () => randomUUID());
    const producer = await connectedProducer('platformatic');
    await produceCases(producer, topic, caseIds, 2);
    const received = () => [...kafkajs.received, ...platformatic.received];
    await eventually(() => expect(new Set(received().map((message) => `${message.partition}:${message.offset}`)).size).toBe(120), 60_000);
    expect(kafkajs.received.length).toBeGreaterThan(0);
    expect(platformatic.received.length).toBeGreaterThan(0);
    const partitionsOf = (collector: Collector) => new Set(collector.received.map((message) => message.partition));
    expect([...partitionsOf(kafkajs)].filter((partition) => partitionsOf(platformatic).has(partition))).toEqual([]);
  });
});

// kafkajs: patches/kafkajs+2.2.4.patch (unpatched, it commits after every batch); platformatic: commitAfterBatch.
describe.each(KAFKA_CLIENT_NAMES)('event bus on %s: the commit interval', (client) => {
  it('commits resolved offsets at most once per interval, not after every batch, and the last ones once nothing more arrives', async () => {
    const topic = await witness.createTopic(1);
    const groupId = uniqueName('test.commit-interval');
    const producer = await connectedProducer(client);
    const collector = await collect(client, { groupId, topic, autoCommitIntervalMs: 3_000, fetchMaxWaitMs: 50 });
    await producer.send([caseMessage(topic, 'case-interval', 0)]);
    await eventually(() => expect(collector.received).toHaveLength(1));

    // Twenty records one at a time, each its own fetch and batch, in well under the interval.
    const committedSeen = new Set<number>();
    const started = Date.now();
    for (let seq = 1; seq <= 20; seq += 1) {
      await producer.send([caseMessage(topic, 'case-interval', seq)]);
      await eventually(() => expect(collector.received).toHaveLength(seq + 1));
      committedSeen.add((await witness.committedOffsets(groupId, topic)).get(0) ?? -1);
    }
    const elapsed = Date.now() - started;
    // Committing after each batch gives about twenty different committed offsets. A boundary
    // of the interval can fall inside the loop once (twice when the loop runs longer than one interval).
    expect(committedSeen.size).toBeLessThanOrEqual(elapsed < 3_000 ? 2 : 3);
    await eventually(async () => expect((await witness.committedOffsets(groupId, topic)).get(0)).toBe(21), 15_000);
  });
});
