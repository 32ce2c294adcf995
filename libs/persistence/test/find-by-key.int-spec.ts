import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { findOneByKey, serviceDataSourceOptions } from '../src';

const schema = `find_by_key_${randomUUID().slice(0, 8)}`;
// The test stack's database (deploy/local/test.sh); @hotline/testing is not imported: it depends on this library.
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline';

const cents = { to: (value: number | null) => (value === null ? null : Math.round(value * 100)), from: (value: number | null) => (value === null ? null : value / 100) };

@Entity({ name: 'sample', schema })
class SampleRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @PrimaryColumn({ type: 'integer' })
  round!: number;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'timestamptz', name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  detail!: { steps: string[] } | null;

  @Column({ type: 'text', array: true, name: 'co_handlers' })
  coHandlers!: string[];

  @Column({ type: 'numeric', nullable: true })
  score!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: cents })
  amount!: number | null;

  @Column({ type: 'boolean' })
  confidential!: boolean;

  @Column({ type: 'text', select: false, nullable: true })
  secret!: string | null;
}

/** findOneByKey answers what TypeORM's own findOneBy answers, row for row, on the real database. */
describe('findOneByKey', () => {
  const dataSource = new DataSource({
    ...serviceDataSourceOptions({ url: databaseUrl, schema, entities: [SampleRecord], migrations: [], poolSize: 2, applicationName: 'find-by-key-test' }),
    synchronize: false,
  });

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.synchronize();
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource.destroy();
  });

  it('hydrates every column type as findOneBy does, and leaves select: false columns out', async () => {
    const caseId = randomUUID();
    const repository = dataSource.getRepository(SampleRecord);
    await repository.insert([
      {
        caseId,
        round: 1,
        title: '井盖缺失',
        dueAt: new Date('2026-12-03T08:00:00.123Z'),
        detail: { steps: ['signed', 'answered'] },
        coHandlers: ['unit-a', 'unit-b'],
        score: '98.50',
        amount: 12.34,
        confidential: true,
        secret: 'not read',
      },
      { caseId, round: 2, title: null, dueAt: null, detail: null, coHandlers: [], score: null, amount: null, confidential: false, secret: null },
    ]);
    for (const round of [1, 2]) {
      const expected = await repository.findOneBy({ caseId, round });
      const found = await findOneByKey(dataSource.manager, SampleRecord, { caseId, round });
      expect(found).toBeInstanceOf(SampleRecord);
      expect(found).toEqual(expected);
      expect(found?.secret).toBeUndefined();
    }
    expect((await findOneByKey(dataSource.manager, SampleRecord, { caseId, round: 1 }))?.amount).toBe(12.34);
  });

  it('answers null for a missing row, and reads inside the caller transaction', async () => {
    expect(await findOneByKey(dataSource.manager, SampleRecord, { caseId: randomUUID(), round: 1 })).toBeNull();
    const caseId = randomUUID();
    await dataSource.transaction(async (manager) => {
      await manager.getRepository(SampleRecord).insert({ caseId, round: 1, title: 'x', dueAt: null, detail: null, coHandlers: [], score: null, amount: null, confidential: false, secret: null });
      expect((await findOneByKey(manager, SampleRecord, { caseId, round: 1 }))?.title).toBe('x');
      expect(await findOneByKey(dataSource.manager, SampleRecord, { caseId, round: 1 })).toBeNull();
    });
  });

  it('refuses a property the entity does not have', async () => {
    await expect(findOneByKey(dataSource.manager, SampleRecord, { nope: 1 } as never)).rejects.toThrow(/no column for property nope/);
  });
});
