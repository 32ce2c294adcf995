import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newCaseEvent, type CaseEventOf } from '@hotline/contracts';
import { InboxRecord, KafkaEventServer, OutboxRecord, PermanentMessageError, createMessagingTables, processOnce, type EventProducer, type KafkaEventContext } from '../src';
import { BrokerWitness, busFor, eventually, logger, startCollector, uniqueName } from './event-bus-harness';

// The first consumer of a fresh group waits for the group to form.
jest.setTimeout(120_000);

const CASES = 48;
const EVENTS_PER_CASE = 3;
const PARTITIONS = 6;

interface Effect {
  case_id: string;
  seq: number;
  partition: number;
  txid: string;
}

function aReceived(caseId: string, description: string): CaseEventOf<'case.received'> {
  return newCaseEvent({
    type: 'case.received',
    caseId,
    producer: 'intake',
    payload: {
      trackingNumber: '261203-GROUP1',
      type: 'complaint',
      channel: 'phone',
      title: null,
      description,
      location: null,
      address: null,
      reporter: null,
      externalId: null,
      reportedAt: new Date().toISOString(),
    },
  });
}

/**
 * The transport's group commit on the real broker and database: partitions' batches that are ready
 * together share one transaction (seen through txid_current()), each case's events keep their order,
 * every event takes effect once, and a poison message still goes to the dead-letter topic alone.
 */
describe('KafkaEventServer: group commit across partitions', () => {
  const witness = new BrokerWitness();
  const schema = `group_commit_${randomUUID().slice(0, 8)}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline',
    schema,
    entities: [InboxRecord, OutboxRecord],
    poolSize: 8,
  });
  let producer: EventProducer;

  beforeAll(async () => {
    await witness.connect();
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA "${schema}"`);
    await createMessagingTables(runner, schema);
    await runner.query(`CREATE TABLE "${schema}".effects (n bigserial, event_id uuid PRIMARY KEY, case_id uuid NOT NULL, seq int NOT NULL, partition int NOT NULL, txid bigint NOT NULL)`);
    await runner.release();
    producer = busFor('kafkajs').createProducer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
    await witness.close();
  });

  /** Publishes every case's events (one of them poison), then starts a server that consumes them all at once. */
  async function consumeAll(
    coalescePartitions: boolean,
    { withPoison }: { withPoison: boolean },
  ): Promise<{ effects: Effect[]; poison: CaseEventOf<'case.received'>; dead: string[] }> {
    await dataSource.query(`TRUNCATE "${schema}".effects`);
    const topic = await witness.createTopic(PARTITIONS);
    const dlqTopic = await witness.createTopic(1);
    const events = Array.from({ length: CASES }, () => randomUUID()).flatMap((caseId) =>
      Array.from({ length: EVENTS_PER_CASE }, (_, seq) => aReceived(caseId, String(seq))),
    );
    // A handler refuses this one: its whole group rolls back, and only it may be left out.
    const poison = aReceived(events[EVENTS_PER_CASE * 7]!.caseId, 'poison');
    if (withPoison) events.splice(EVENTS_PER_CASE * 7 + 1, 0, poison);
    await producer.send(events.map((event) => ({ topic, key: event.caseId, value: JSON.stringify(event), headers: { 'event-type': event.type } })));

    const consumerName = uniqueName('group-commit');
    const server = new KafkaEventServer({
      bus: busFor('kafkajs'),
      consumerName,
      groupId: consumerName,
      topic,
      dlqTopic,
      logger,
      dataSource,
      coalescePartitions,
      partitionsConsumedConcurrently: PARTITIONS,
      maxBatchSize: 200,
    });
    server.addHandler(
      'case.received',
      async (event: CaseEventOf<'case.received'>, context: KafkaEventContext) => {
        if (event.payload.description === 'poison') throw new PermanentMessageError('TEST.POISON', 'refused on purpose');
        await processOnce(dataSource, consumerName, event, (manager) =>
          manager.query(`INSERT INTO "${schema}".effects (event_id, case_id, seq, partition, txid) VALUES ($1, $2, $3, $4, txid_current())`, [
            event.eventId,
            event.caseId,
            Number(event.payload.description),
            context.partition,
          ]),
        );
      },
      true,
    );
    const dlq = await startCollector(busFor('kafkajs'), { groupId: uniqueName('group-commit-dlq'), topic: dlqTopic });
    await new Promise<void>((resolve, reject) => void server.listen((err?: unknown) => (err ? reject(err as Error) : resolve())));
    try {
      const effects = await eventually(async () => {
        const rows: Effect[] = await dataSource.query(`SELECT case_id, seq, partition, txid::text AS txid FROM "${schema}".effects ORDER BY n`);
        expect(rows).toHaveLength(CASES * EVENTS_PER_CASE);
        return rows;
      }, 90_000);
      if (withPoison) await eventually(() => expect(dlq.received).toHaveLength(1), 60_000);
      return { effects, poison, dead: dlq.received.map((record) => record.value) };
    } finally {
      await server.close();
      await dlq.stop();
    }
  }

  const partitionsPerTransaction = (effects: readonly Effect[]) => {
    const byTransaction = new Map<string, Set<number>>();
    for (const effect of effects) byTransaction.set(effect.txid, (byTransaction.get(effect.txid) ?? new Set()).add(effect.partition));
    return [...byTransaction.values()].map((partitions) => partitions.size);
  };

  const expectEachCaseInOrder = (effects: readonly Effect[]) => {
    // Rows come in the order the handlers wrote them: each case's events in the order they were sent.
    const seqsByCase = new Map<string, number[]>();
    for (const effect of effects) seqsByCase.set(effect.case_id, [...(seqsByCase.get(effect.case_id) ?? []), effect.seq]);
    expect(seqsByCase.size).toBe(CASES);
    for (const seqs of seqsByCase.values()) expect(seqs).toEqual([0, 1, 2]);
  };

  it('handles the batches of several partitions in one transaction, each case in order, each event once', async () => {
    const { effects, dead } = await consumeAll(true, { withPoison: false });

    expect(Math.max(...partitionsPerTransaction(effects))).toBeGreaterThan(1);
    expectEachCaseInOrder(effects);
    expect(dead).toEqual([]);
  });

  it('sends a poison message to the dead-letter topic alone when its group fails, the others each once and in order', async () => {
    const { effects, poison, dead } = await consumeAll(true, { withPoison: true });

    expectEachCaseInOrder(effects);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toContain(poison.eventId);
  });

  it('gives each partition its own transaction when group commit is off', async () => {
    const { effects } = await consumeAll(false, { withPoison: false });

    expect(Math.max(...partitionsPerTransaction(effects))).toBe(1);
    expectEachCaseInOrder(effects);
  });
});
