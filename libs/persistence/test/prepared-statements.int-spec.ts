import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, statementNameFor } from '../src';

/**
 * Named prepared statements on the real database, through TypeORM as the services use it: a text seen
 * twice is prepared on the connection (pg_prepared_statements shows it) and answers as before; a
 * failing execution does not break the statement; switched off, nothing is prepared.
 */
// The test stack's database (deploy/local/test.sh); @hotline/testing is not imported: it depends on this library.
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline';

describe('PreparingClient', () => {
  const schema = `prepared_${randomUUID().slice(0, 8)}`;
  const sources: DataSource[] = [];

  async function open(preparedStatements: boolean): Promise<DataSource> {
    const dataSource = new DataSource(
      serviceDataSourceOptions({
        url: databaseUrl,
        schema,
        entities: [],
        migrations: [],
        poolSize: 1,
        applicationName: 'prepared-statements-test',
        preparedStatements,
      }),
    );
    sources.push(await dataSource.initialize());
    return dataSource;
  }

  beforeAll(async () => {
    const dataSource = await open(false);
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.query(`CREATE TABLE ${schema}.item (id int PRIMARY KEY, label text NOT NULL)`);
  });

  afterAll(async () => {
    await sources[0]?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const source of sources) await source.destroy();
  });

  async function preparedTexts(dataSource: DataSource): Promise<string[]> {
    const rows: { statement: string }[] = await dataSource.query('SELECT statement FROM pg_prepared_statements');
    return rows.map((row) => row.statement);
  }

  it('prepares a parameterised text from its second use, on one connection, with the same answers', async () => {
    const dataSource = await open(true);
    const insert = `INSERT INTO item (id, label) VALUES ($1, $2) /* ${randomUUID()} */`;
    const select = `SELECT label FROM item WHERE id = $1 /* ${randomUUID()} */`;

    await dataSource.query(insert, [1, 'one']);
    expect(await preparedTexts(dataSource)).not.toContain(insert);
    await dataSource.query(insert, [2, 'two']);
    await dataSource.query(insert, [3, 'three']);
    expect(await preparedTexts(dataSource)).toContain(insert);

    for (const [id, label] of [[1, 'one'], [2, 'two'], [3, 'three']] as const) {
      expect(await dataSource.query(select, [id])).toEqual([{ label }]);
    }
    expect(await preparedTexts(dataSource)).toContain(select);
  });

  it('keeps a prepared statement usable after one of its executions fails', async () => {
    const dataSource = await open(true);
    const insert = `INSERT INTO item (id, label) VALUES ($1, $2) /* ${randomUUID()} */`;
    await dataSource.query(insert, [10, 'ten']);
    await dataSource.query(insert, [11, 'eleven']);
    await expect(dataSource.query(insert, [10, 'again'])).rejects.toThrow(/duplicate key/);
    await expect(dataSource.transaction(async (manager) => {
      await manager.query(insert, [12, 'twelve']);
      await manager.query(insert, [12, 'twelve again']);
    })).rejects.toThrow(/duplicate key/);
    await dataSource.query(insert, [13, 'thirteen']);
    expect(await dataSource.query(`SELECT id FROM item WHERE id >= 10 ORDER BY id`)).toEqual([{ id: 10 }, { id: 11 }, { id: 13 }]);
  });

  it('prepares nothing when switched off', async () => {
    const dataSource = await open(false);
    const select = `SELECT label FROM item WHERE id = $1 /* ${randomUUID()} */`;
    for (let attempt = 0; attempt < 3; attempt += 1) await dataSource.query(select, [1]);
    expect(await preparedTexts(dataSource)).not.toContain(select);
  });

  it('names the same text alike everywhere and different texts apart', () => {
    const text = `SELECT $1::int /* ${randomUUID()} */`;
    expect(statementNameFor(text)).toBeUndefined();
    const name = statementNameFor(text);
    expect(name).toMatch(/^h[0-9a-f]{24}$/);
    expect(statementNameFor(text)).toBe(name);
    const other = `SELECT $1::text /* ${randomUUID()} */`;
    statementNameFor(other);
    expect(statementNameFor(other)).not.toBe(name);
  });
});
