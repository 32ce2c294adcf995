import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { newCaseEvent, type CaseEvent, type CaseEventOf } from '@hotline/contracts';
import { BatchedRows } from '@hotline/persistence';
import { InboxRecord, KafkaEventServer, OutboxRecord, createMessagingTables, processOnce, withBatchWork, type BatchWork, type EventProducer } from '../src';
import { BrokerWitness, busFor, eventually, logger, startCollector, uniqueName } from './event-bus-harness';

// The first consumer of a fresh group waits for the group to form.
jest.setTimeout(120_000);

const CASES = 40;
const EVENTS_PER_CASE = 3;
const PARTITIONS = 6;
const schema = `batch_work_${randomUUID().slice(0, 8)}`;

/** A case's events folded in order: "0,1,2". */
@Entity({ name: 'folds', schema })
class FoldRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', default: '' })
  seqs!: string;
}

function aReceived(caseId: string, description: string): CaseEventOf<'case.received'> {
  return newCaseEvent({
    type: 'case.received',
    caseId,
    producer: 'intake',
    payload: {
      trackingNumber: '261203-BATCH1',
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

/** The folds of a batch: read in one statement, written in one, and each flush recorded with its transaction. */
class Folds implements BatchWork {
  readonly rows: BatchedRows<FoldRecord>;

  constructor(
    private readonly manager: EntityManager,
    events: readonly CaseEvent[],
  ) {
    this.rows = new BatchedRows(manager, FoldRecord, events.map((event) => event.caseId));
  }

  async flush(): Promise<void> {
    const changed = await this.rows.flush();
    await this.manager.query(`INSERT INTO "${schema}".flushes (txid, rows) VALUES (txid_current(), $1)`, [changed]);
  }
}

const FOLDS = Symbol('test.folds');

/**
 * Work deferred to the end of a batch (withBatchWork) on the real broker and database: each batch
 * reads its cases' rows once and writes them once, in its own transaction; every event is folded
 * once and in its case's order; and when the batch's writes fail, the batch rolls back and its
 * messages are handled one by one, the failing one dead-lettered alone.
 */
describe('KafkaEventServer: work deferred to the end of a batch', () => {
  const witness = new BrokerWitness();
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline',
    schema,
    entities: [InboxRecord, OutboxRecord, FoldRecord],
    poolSize: 8,
  });
  let producer: EventProducer;

  beforeAll(async () => {
    await witness.connect();
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA "${schema}"`);
    await createMessagingTables(runner, schema);
    // A fold may not hold the word "poison": a write that fails only when the batch is flushed.
    await runner.query(`CREATE TABLE "${schema}".folds (case_id uuid PRIMARY KEY, seqs text NOT NULL DEFAULT '' CHECK (seqs NOT LIKE '%poison%'))`);
    await runner.query(`CREATE TABLE "${schema}".flushes (n bigserial, txid bigint NOT NULL, rows int NOT NULL)`);
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

  async function consumeAll({ withPoison }: { withPoison: boolean }) {
    await dataSource.query(`TRUNCATE "${schema}".folds, "${schema}".flushes`);
    const topic = await witness.createTopic(PARTITIONS);
    const dlqTopic = await witness.createTopic(1);
    const events = Array.from({ length: CASES }, () => randomUUID()).flatMap((caseId) =>
      Array.from({ length: EVENTS_PER_CASE }, (_, seq) => aReceived(caseId, String(seq))),
    );
    // Its handler succeeds; the batch's write of its case fails at flush.
    const poison = aReceived(events[EVENTS_PER_CASE * 5]!.caseId, 'poison');
    if (withPoison) events.splice(EVENTS_PER_CASE * 5 + 1, 0, poison);
    await producer.send(events.map((event) => ({ topic, key: event.caseId, value: JSON.stringify(event), headers: { 'event-type': event.type } })));

    const consumerName = uniqueName('batch-work');
    const server = new KafkaEventServer({
      bus: busFor('kafkajs'),
      consumerName,
      groupId: consumerName,
      topic,
      dlqTopic,
      logger,
      dataSource,
      partitionsConsumedConcurrently: PARTITIONS,
      maxBatchSize: 200,
      maxAttempts: 1,
    });
    server.addHandler(
      'case.received',
      async (event: CaseEventOf<'case.received'>) => {
        await processOnce(dataSource, consumerName, event, (manager) =>
          withBatchWork(
            manager,
            FOLDS,
            event,
            (batch) => new Folds(manager, batch),
            async (folds) => {
              const row = await folds.rows.get(event.caseId);
              const seqs = String(row['seqs']);
              folds.rows.set(event.caseId, { ...row, seqs: seqs ? `${seqs},${event.payload.description}` : event.payload.description });
            },
          ),
        );
      },
      true,
    );
    const dlq = await startCollector(busFor('kafkajs'), { groupId: uniqueName('batch-work-dlq'), topic: dlqTopic });
    await new Promise<void>((resolve, reject) => void server.listen((err?: unknown) => (err ? reject(err as Error) : resolve())));
    try {
      const folds = await eventually(async () => {
        const rows: { case_id: string; seqs: string }[] = await dataSource.query(`SELECT case_id, seqs FROM "${schema}".folds`);
        expect(rows.filter((row) => row.seqs.split(',').length === EVENTS_PER_CASE)).toHaveLength(CASES);
        return rows;
      }, 90_000);
      if (withPoison) await eventually(() => expect(dlq.received).toHaveLength(1), 60_000);
      const flushes: { txid: string; rows: number }[] = await dataSource.query(`SELECT txid::text AS txid, rows FROM "${schema}".flushes`);
      return { folds, flushes, poison, dead: dlq.received.map((record) => record.value) };
    } finally {
      await server.close();
      await dlq.stop();
    }
  }

  it('reads and writes a batch’s rows once per batch transaction, every event once and in order', async () => {
    const { folds, flushes, dead } = await consumeAll({ withPoison: false });

    expect(folds.map((row) => row.seqs)).toEqual(Array.from({ length: CASES }, () => '0,1,2'));
    // One flush per transaction, and flushes that wrote several cases' rows at once.
    expect(new Set(flushes.map((flush) => flush.txid)).size).toBe(flushes.length);
    expect(flushes.reduce((sum, flush) => sum + flush.rows, 0)).toBeLessThan(CASES * EVENTS_PER_CASE);
    expect(Math.max(...flushes.map((flush) => flush.rows))).toBeGreaterThan(1);
    expect(dead).toEqual([]);
  });

  it('rolls a batch back when its deferred writes fail, then handles its messages one by one: only the failing one is dead-lettered', async () => {
    const { folds, poison, dead } = await consumeAll({ withPoison: true });

    expect(folds.map((row) => row.seqs)).toEqual(Array.from({ length: CASES }, () => '0,1,2'));
    expect(dead).toHaveLength(1);
    expect(dead[0]).toContain(poison.eventId);
  });
});
