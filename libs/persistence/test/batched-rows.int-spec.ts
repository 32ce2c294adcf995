import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, Generated, PrimaryColumn } from 'typeorm';
import { BatchedRows, BatchedRowsConflictError, insertRows, serviceDataSourceOptions } from '../src';

const schema = `batched_rows_${randomUUID().slice(0, 8)}`;
// The test stack's database (deploy/local/test.sh); @hotline/testing is not imported: it depends on this library.
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline';

@Entity({ name: 'projection', schema })
class ProjectionRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ type: 'timestamptz', name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  detail!: { steps: string[] } | null;

  @Column({ type: 'text', array: true, name: 'co_handlers', default: () => "'{}'" })
  coHandlers!: string[];

  @Column({ type: 'numeric', nullable: true })
  score!: string | null;

  @Column({ type: 'integer', default: 0 })
  events!: number;

  /** Kept in cents, read as yuan: the entity's transformer applies on the way in and out. */
  @Column({ type: 'integer', nullable: true, transformer: { to: (yuan?: number | null) => (yuan == null ? null : Math.round(yuan * 100)), from: (cents: number | null) => (cents === null ? null : cents / 100) } })
  fee!: number | null;

  /** A json column with a transformer: stored wrapped as `{ "tags": [...] }`, read as the bare list. */
  @Column({ type: 'jsonb', nullable: true, transformer: { to: (tags?: string[] | null) => (tags == null ? null : { tags }), from: (stored: { tags: string[] } | null) => stored?.tags ?? null } })
  tags!: string[] | null;

  /** A json column holding a bare string. */
  @Column({ type: 'jsonb', nullable: true })
  note!: string | null;
}

@Entity({ name: 'notes', schema })
class NoteRecord {
  @PrimaryColumn({ type: 'uuid', name: 'note_id' })
  noteId!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'timestamptz', name: 'written_at', default: () => 'now()' })
  writtenAt!: Date;

  @Column({ type: 'integer' })
  @Generated('increment')
  n!: number;
}

@Entity({ name: 'calendar', schema })
class CalendarRecord {
  @PrimaryColumn({ type: 'date' })
  day!: string;
}

/** Resolves once a backend of `applicationName` waits for a lock (another transaction's row). */
async function eventuallyWaiting(applicationName: string, timeoutMs = 10_000): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: databaseUrl });
  await admin.initialize();
  try {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      const [row] = await admin.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [applicationName],
      );
      if ((row?.n ?? 0) > 0) return;
      if (Date.now() > deadline) throw new Error(`no backend of ${applicationName} waited for a lock within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.destroy();
  }
}

/** BatchedRows reads, locks and writes a batch's rows in bulk on the real database. */
describe('BatchedRows', () => {
  const dataSource = new DataSource({
    ...serviceDataSourceOptions({
      url: databaseUrl,
      schema,
      entities: [ProjectionRecord, NoteRecord, CalendarRecord],
      migrations: [],
      poolSize: 3,
      applicationName: 'batched-rows-test',
    }),
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

  it('creates missing rows, keeps changes in memory until flush, and writes every column type back unchanged', async () => {
    const [existing, fresh] = [randomUUID(), randomUUID()];
    await dataSource.getRepository(ProjectionRecord).insert({
      caseId: existing,
      status: 'received',
      dueAt: new Date('2026-12-03T08:00:00.123Z'),
      lat: 39.908712345678,
      detail: { steps: ['received'] },
      coHandlers: ['unit-a'],
      score: '98.50',
      events: 1,
      fee: 12.5,
      tags: ['noise'],
      note: '夜间施工',
    });

    await dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, [fresh, existing, fresh]);
      const before = await rows.get(existing);
      // Entities as TypeORM reads them: property names, parsed types, transformers applied.
      expect(before).toEqual({
        caseId: existing,
        status: 'received',
        dueAt: new Date('2026-12-03T08:00:00.123Z'),
        lat: 39.908712345678,
        detail: { steps: ['received'] },
        coHandlers: ['unit-a'],
        score: '98.50',
        events: 1,
        fee: 12.5,
        tags: ['noise'],
        note: '夜间施工',
      });
      expect(before).toBeInstanceOf(ProjectionRecord);
      expect(await rows.get(fresh)).toMatchObject({ caseId: fresh, status: null, events: 0, coHandlers: [], fee: null });

      rows.set(existing, { ...before, status: 'dispatched', events: 2, detail: { steps: ['received', 'dispatched'] }, coHandlers: ['unit-a', '城管'], fee: 7.25, tags: ['noise', '夜间'], note: '"quoted" 施工' });
      // A later event of the same batch sees the change before it is written.
      expect(await rows.get(existing)).toMatchObject({ status: 'dispatched', events: 2 });
      const stored = await manager.query(`SELECT status, fee FROM ${schema}.projection WHERE case_id = $1`, [existing]);
      expect(stored).toEqual([{ status: 'received', fee: 1250 }]);

      const freshRow = await rows.get(fresh);
      rows.set(fresh, { ...freshRow, status: 'received', dueAt: new Date('2026-12-10T00:00:00.000Z'), events: 1 });
      await rows.flush();
    });

    const repository = dataSource.getRepository(ProjectionRecord);
    expect(await repository.findOneBy({ caseId: existing })).toEqual({
      caseId: existing,
      status: 'dispatched',
      dueAt: new Date('2026-12-03T08:00:00.123Z'),
      lat: 39.908712345678,
      detail: { steps: ['received', 'dispatched'] },
      coHandlers: ['unit-a', '城管'],
      score: '98.50',
      events: 2,
      fee: 7.25,
      tags: ['noise', '夜间'],
      note: '"quoted" 施工',
    });
    // The transformer applied on the way in: the stored document is the wrapped one.
    expect(await dataSource.query(`SELECT tags, note FROM ${schema}.projection WHERE case_id = $1`, [existing])).toEqual([
      { tags: { tags: ['noise', '夜间'] }, note: '"quoted" 施工' },
    ]);
    expect(await repository.findOneBy({ caseId: fresh })).toMatchObject({ status: 'received', dueAt: new Date('2026-12-10T00:00:00.000Z'), events: 1, detail: null });
  });

  it('changes nothing when the transaction rolls back, and refuses a key it was not given', async () => {
    const caseId = randomUUID();
    await expect(
      dataSource.transaction(async (manager) => {
        const rows = new BatchedRows(manager, ProjectionRecord, [caseId]);
        await expect(rows.get(randomUUID())).rejects.toThrow(/not one of the 1 keys/);
        rows.set(caseId, { ...(await rows.get(caseId)), status: 'closed' });
        await rows.flush();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await dataSource.getRepository(ProjectionRecord).countBy({ caseId })).toBe(0);
  });

  it.each([true, false])('locks the rows it read until the transaction ends (createMissing: %s)', async (createMissing) => {
    const caseId = randomUUID();
    // A row already there: a new one would make the second reader wait on the unique index anyway.
    await dataSource.getRepository(ProjectionRecord).insert({ caseId, events: 0 });
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const order: string[] = [];
    let firstRead!: () => void;
    const hasFirstRead = new Promise<void>((resolve) => (firstRead = resolve));
    const first = dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, [caseId], { createMissing });
      rows.set(caseId, { ...(await rows.get(caseId)), events: 1 });
      firstRead();
      await firstHolds;
      await rows.flush();
      order.push('first committed');
    });
    await hasFirstRead;
    const second = dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, [caseId], { createMissing });
      const row = await rows.get(caseId);
      order.push(`second read events=${row.events}`);
    });
    // The second reader waits for the first one's row lock (not for a while: until a backend is seen waiting).
    await eventuallyWaiting('batched-rows-test');
    expect(order).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first committed', 'second read events=1']);
  });

  it('reads and locks the rows there are and answers the missing ones without writing anything; a new row is written once, whole', async () => {
    const [existing, fresh, unused] = [randomUUID(), randomUUID(), randomUUID()];
    await dataSource.getRepository(ProjectionRecord).insert({ caseId: existing, events: 3 });
    const versionOf = async (caseId: string) =>
      (await dataSource.query<Array<{ xmin: string }>>(`SELECT xmin::text FROM ${schema}.projection WHERE case_id = $1`, [caseId]))[0]?.xmin;
    const before = await versionOf(existing);
    const writes = await dataSource.transaction(async (manager) => {
      // Counted from here: the view also holds the session's earlier transactions until their stats are sent.
      const counted = async () =>
        (
          await manager.query<{ ins: number; upd: number }[]>(
            `SELECT n_tup_ins::int AS ins, n_tup_upd::int AS upd FROM pg_stat_xact_user_tables WHERE relid = '${schema}.projection'::regclass`,
          )
        )[0]!;
      const start = await counted();
      const since = async () => {
        const now = await counted();
        return { ins: now.ins - start.ins, upd: now.upd - start.upd };
      };
      const rows = new BatchedRows(manager, ProjectionRecord, [existing, fresh, unused]);
      expect(await rows.get(existing)).toMatchObject({ events: 3 });
      // The table's defaults, as a new row of it would have them.
      expect(await rows.get(fresh)).toMatchObject({ caseId: fresh, status: null, events: 0, coHandlers: [] });
      const read = await since();
      rows.set(fresh, { ...(await rows.get(fresh)), status: 'received', events: 1 });
      rows.set(fresh, { ...(await rows.get(fresh)), events: 2 });
      expect(await rows.flush()).toBe(1);
      const flushed = await since();
      return { read, flushed };
    });
    // Reading wrote nothing: a no-op ON CONFLICT DO UPDATE as the lock would have made a new version of the
    // existing row, and an INSERT of the missing ones a row each, written again by the flush.
    expect(writes.read).toEqual({ ins: 0, upd: 0 });
    expect(writes.flushed).toEqual({ ins: 1, upd: 0 });
    expect(await versionOf(existing)).toBe(before);
    expect(await versionOf(unused)).toBeUndefined();
    expect(await dataSource.getRepository(ProjectionRecord).findOneByOrFail({ caseId: fresh })).toMatchObject({ status: 'received', events: 2, coHandlers: [] });
  });

  it('fails the flush of a new row that another transaction inserted meanwhile, and reads that row when handled again', async () => {
    const caseId = randomUUID();
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstInserted!: () => void;
    const hasFirstInserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, [caseId]);
      rows.set(caseId, { ...(await rows.get(caseId)), status: 'received', events: 1 });
      await rows.flush();
      firstInserted();
      await firstHolds;
    });
    await hasFirstInserted;
    // The second reader does not see the first one's uncommitted row: a new row for it too, whose insert
    // waits for the first transaction and then finds the key taken.
    const handle = () =>
      dataSource.transaction(async (manager) => {
        const rows = new BatchedRows(manager, ProjectionRecord, [caseId]);
        const row = await rows.get(caseId);
        rows.set(caseId, { ...row, events: row.events + 1 });
        await rows.flush();
        return row;
      });
    const second = handle();
    await eventuallyWaiting('batched-rows-test');
    releaseFirst();
    await first;
    await expect(second).rejects.toBeInstanceOf(BatchedRowsConflictError);
    expect(await dataSource.getRepository(ProjectionRecord).findOneByOrFail({ caseId })).toMatchObject({ status: 'received', events: 1 });
    expect(await handle()).toMatchObject({ status: 'received', events: 1 });
    expect(await dataSource.getRepository(ProjectionRecord).findOneByOrFail({ caseId })).toMatchObject({ status: 'received', events: 2 });
  });

  it('without createMissing, locks only the rows there are, answers null for the others and inserts those it is given', async () => {
    const [existing, absent, untouched] = [randomUUID(), randomUUID(), randomUUID()];
    await dataSource.getRepository(ProjectionRecord).insert({ caseId: existing, status: 'received', events: 1 });
    await dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, [existing, absent, untouched], { createMissing: false });
      expect(await rows.find(absent)).toBeNull();
      await expect(rows.get(absent)).rejects.toThrow(/has no row/);
      rows.set(absent, { caseId: absent, status: 'received', dueAt: null, lat: 40.1, detail: { steps: ['received'] }, coHandlers: ['unit-b'], score: null, events: 1, fee: 3, tags: null, note: null });
      // Seen by the batch's later events, then changed again before it is written.
      expect(await rows.find(absent)).toMatchObject({ status: 'received', events: 1 });
      rows.set(absent, { ...(await rows.get(absent)), status: 'dispatched', events: 2 });
      rows.set(existing, { ...(await rows.get(existing)), status: 'dispatched', events: 2 });
      expect(await rows.flush()).toBe(2);
    });
    const repository = dataSource.getRepository(ProjectionRecord);
    expect(await repository.findOneBy({ caseId: absent })).toEqual({
      caseId: absent,
      status: 'dispatched',
      dueAt: null,
      lat: 40.1,
      detail: { steps: ['received'] },
      coHandlers: ['unit-b'],
      score: null,
      events: 2,
      fee: 3,
      tags: null,
      note: null,
    });
    expect(await repository.findOneBy({ caseId: existing })).toMatchObject({ status: 'dispatched', events: 2 });
    expect(await repository.countBy({ caseId: untouched })).toBe(0);
  });

  it('drops rows in memory and deletes them in one statement at flush; a row added and dropped in the batch is never written', async () => {
    const [existing, addedThenDropped, droppedThenAdded, kept] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await dataSource.getRepository(ProjectionRecord).insert([
      { caseId: existing, status: 'received', events: 1 },
      { caseId: droppedThenAdded, status: 'received', events: 1 },
      { caseId: kept, status: 'received', events: 1 },
    ]);
    const statements: string[] = [];
    await dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, [existing, addedThenDropped, droppedThenAdded, kept], { createMissing: false });
      expect(() => rows.delete(existing)).toThrow(/before reading/);
      expect(await rows.find(existing)).toMatchObject({ status: 'received' });
      rows.delete(existing);
      expect(await rows.find(existing)).toBeNull();
      rows.set(addedThenDropped, { ...(await rows.get(kept)), caseId: addedThenDropped, status: 'new' });
      rows.delete(addedThenDropped);
      rows.delete(droppedThenAdded);
      rows.set(droppedThenAdded, { ...(await rows.get(kept)), status: 'again', events: 5 });
      const query = manager.query.bind(manager);
      jest.spyOn(manager, 'query').mockImplementation((sql: string, parameters?: unknown[]) => {
        statements.push(sql.trim().split(/\s+/)[0] ?? '');
        return query(sql, parameters);
      });
      // existing and droppedThenAdded deleted, droppedThenAdded inserted again.
      expect(await rows.flush()).toBe(3);
      expect(await rows.flush()).toBe(0);
    });
    expect(statements).toEqual(['DELETE', 'INSERT']);
    const repository = dataSource.getRepository(ProjectionRecord);
    expect(await repository.countBy({ caseId: existing })).toBe(0);
    expect(await repository.countBy({ caseId: addedThenDropped })).toBe(0);
    expect(await repository.findOneBy({ caseId: droppedThenAdded })).toMatchObject({ status: 'again', events: 5 });
    expect(await repository.findOneBy({ caseId: kept })).toMatchObject({ status: 'received', events: 1 });
  });

  it('inserts rows in one statement, in order, skipping keys already there only when asked', async () => {
    const caseId = randomUUID();
    const [kept, added, third] = [randomUUID(), randomUUID(), randomUUID()];
    await dataSource.getRepository(NoteRecord).insert({ noteId: kept, caseId, text: 'first' });
    const again = { noteId: kept, caseId, text: 'again', writtenAt: new Date('2026-12-01T00:00:00Z') };
    await expect(insertRows(dataSource.manager, NoteRecord, [again])).rejects.toMatchObject({ code: '23505' });

    await insertRows(
      dataSource.manager,
      NoteRecord,
      [again, { noteId: added, caseId, text: '已派单', writtenAt: new Date('2026-12-02T03:04:05.678Z') }, { noteId: third, caseId, text: 'third', writtenAt: new Date() }],
      { ignoreConflicts: true },
    );
    const notes = new Map((await dataSource.getRepository(NoteRecord).findBy({ caseId })).map((note) => [note.noteId, note]));
    expect([...notes.keys()].sort()).toEqual([kept, added, third].sort());
    expect(notes.get(kept)?.text).toBe('first');
    expect(notes.get(added)).toMatchObject({ text: '已派单', writtenAt: new Date('2026-12-02T03:04:05.678Z') });
    // Inserted in the order given: the serial column counts them in that order.
    const order = await dataSource.query<{ text: string }[]>(`SELECT text FROM ${schema}.notes WHERE case_id = $1 ORDER BY n`, [caseId]);
    expect(order.map((row) => row.text)).toEqual(['first', '已派单', 'third']);
  });

  it('writes the changed rows of a batch through the key index, not a scan of the table', async () => {
    await dataSource.query(`INSERT INTO ${schema}.projection (case_id, status) SELECT gen_random_uuid(), 'closed' FROM generate_series(1, 5000)`);
    await dataSource.query(`ANALYZE ${schema}.projection`);
    const keys = (await dataSource.query<{ case_id: string }[]>(`SELECT case_id FROM ${schema}.projection ORDER BY case_id LIMIT 3`)).map((row) => row.case_id);
    const scans = await dataSource.transaction(async (manager) => {
      const rows = new BatchedRows(manager, ProjectionRecord, keys);
      for (const key of keys) rows.set(key, { ...(await rows.get(key)), status: 'reopened' });
      const [before] = await manager.query<{ seq_scan: string }[]>(`SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = '${schema}.projection'::regclass`);
      expect(await rows.flush()).toBe(3);
      const [after] = await manager.query<{ seq_scan: string }[]>(`SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = '${schema}.projection'::regclass`);
      return Number(after!.seq_scan) - Number(before!.seq_scan);
    });
    expect(scans).toBe(0);
    const written = await dataSource.query<{ status: string }[]>(`SELECT status FROM ${schema}.projection WHERE case_id = ANY($1::uuid[])`, [keys]);
    expect(written.map((row) => row.status)).toEqual(['reopened', 'reopened', 'reopened']);
  });

  it('refuses a table with a column that does not survive the trip through JSON', () => {
    expect(() => new BatchedRows(dataSource.manager, CalendarRecord, [])).toThrow(/day \(date\)/);
  });
});
