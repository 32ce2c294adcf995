import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** A row as Postgres takes it: keyed by column name. */
type RawRow = Record<string, unknown>;

/** The column that tells a new row (not in the table) from a read one, in the first read's answer. */
const MISSING = '__batched_rows_missing';

/**
 * A new row's key was inserted by another transaction between this batch's read and its flush: nothing of the
 * batch is written (the transaction must roll back), and handled again the batch reads that row.
 */
export class BatchedRowsConflictError extends Error {
  constructor(table: string, readonly keys: readonly string[]) {
    super(`${table}: ${keys.length} new row(s) (${keys.slice(0, 3).join(', ')}) were inserted by another transaction since this batch read them; handle the batch again`);
    this.name = 'BatchedRowsConflictError';
  }
}

interface TableShape {
  table: string;
  key: ColumnMetadata | null;
  columns: readonly ColumnMetadata[];
}

interface KeyedShape extends TableShape {
  key: ColumnMetadata;
}

const shapes = new WeakMap<EntityMetadata, TableShape>();

// Written back through JSON (jsonb_populate_recordset): a column type that does not survive the trip
// (bytes; a date `pg` parses to local midnight) is refused when the table is first used.
const UNSUPPORTED_TYPES = new Set(['bytea', 'date']);

function shapeOf(metadata: EntityMetadata): TableShape {
  const known = shapes.get(metadata);
  if (known) return known;
  const unsupported = metadata.columns.filter((column) => UNSUPPORTED_TYPES.has(String(column.type)));
  if (unsupported.length > 0) {
    throw new Error(`BatchedRows cannot write ${metadata.name}'s ${unsupported.map((column) => `${column.databaseName} (${String(column.type)})`).join(', ')}`);
  }
  if (metadata.relations.length > 0 || metadata.embeddeds.length > 0) {
    throw new Error(`BatchedRows writes plain tables only; ${metadata.name} has relations or embedded columns`);
  }
  const keys = metadata.primaryColumns;
  const shape = {
    table: metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`,
    // Rows are read and written by key only where the key is one column (BatchedRows checks).
    key: keys.length === 1 ? keys[0] : null,
    columns: metadata.columns.filter((column) => !column.isVirtual && !column.isVirtualProperty),
  };
  shapes.set(metadata, shape);
  return shape;
}

/** An entity's column values as Postgres takes them through JSON (`jsonb_populate_recordset`). */
function toRawRow(manager: EntityManager, columns: readonly ColumnMetadata[], entity: ObjectLiteral): RawRow {
  const driver = manager.connection.driver;
  const row: RawRow = {};
  for (const column of columns) {
    const value: unknown = column.getEntityValue(entity);
    if (value === undefined) continue;
    // A json value without a transformer goes into the document as it is: the driver would only write it
    // as text, to be parsed back here and written again with the document (an audit event's payload, three times).
    if (isJsonColumn(column) && !column.transformer) {
      row[column.databaseName] = value;
      continue;
    }
    const persistent: unknown = driver.preparePersistentValue(value, column);
    // The driver writes json and jsonb as text; inside the JSON document they stay values.
    row[column.databaseName] = isJsonColumn(column) && typeof persistent === 'string' ? JSON.parse(persistent) : persistent;
  }
  return row;
}

const isJsonColumn = (column: ColumnMetadata): boolean => column.type === 'json' || column.type === 'jsonb';

/** A row Postgres returned, as the entity TypeORM would have read (types and transformers applied). */
function toEntity<Entity extends ObjectLiteral>(manager: EntityManager, metadata: EntityMetadata, columns: readonly ColumnMetadata[], row: RawRow): Entity {
  const driver = manager.connection.driver;
  const entity = metadata.create(undefined, { fromDeserializer: true }) as Entity;
  for (const column of columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
  return entity;
}

export interface BatchedRowsOptions {
  /**
   * true (the default): the first read answers a key the table lacks with a new row holding the table's
   * column defaults (the others must be nullable), written nowhere yet; a new row that is `set` is inserted
   * at `flush`, whole, and one never set is never written. false: `find` answers null for those keys, and a
   * row `set` for one of them is inserted at `flush`, every column from the entity. Either way the first
   * read locks the rows there are.
   */
  createMissing?: boolean;
}

/** A table's columns in their order, with the SQL that gives each its default (NULL where it has none). */
const defaultRows = new WeakMap<EntityMetadata, Promise<string>>();

/**
 * The select list of a new row of the table for the key `k`: every column in table order, each its default
 * as the table declares it (evaluated in the reading statement, so now() is the transaction's), the key `k`.
 */
function defaultRowSelect(manager: EntityManager, metadata: EntityMetadata, table: string, key: string): Promise<string> {
  let known = defaultRows.get(metadata);
  if (!known) {
    known = manager
      .query<{ name: string; type: string; expr: string | null; computed: boolean }[]>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS expr,
                (a.attgenerated <> '' OR a.attidentity <> '') AS computed
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum`,
        [table],
      )
      .then((columns) => {
        const computed = columns.filter((column) => column.computed && column.name !== key);
        if (computed.length > 0) {
          throw new Error(`BatchedRows cannot make new rows of ${table}: ${computed.map((column) => column.name).join(', ')} generated or identity`);
        }
        return columns
          .map((column) => (column.name === key ? 'k' : `(${column.expr ?? 'NULL'})::${column.type}`) + ` AS "${column.name}"`)
          .join(', ');
      });
    // A failed lookup (the table not there yet) is asked again next time.
    known.catch(() => defaultRows.delete(metadata));
    defaultRows.set(metadata, known);
  }
  return known;
}

/**
 * The rows of one table for a set of keys (a projection's rows for the cases of a batch), read and
 * written in bulk, as entities. The first read locks the keys' rows, in key order so that two batches never
 * wait for each other in a cycle, and answers the missing ones with new rows (unless told not to) in the
 * same statement; `set` keeps a changed row in memory, where the next read of the same key sees it, and
 * `delete` drops it there; `flush` deletes the dropped rows in one statement, inserts the new ones in one and
 * writes the changed ones in one UPDATE. A row added and dropped in the same batch is never written, and a
 * new row is written once, whole.
 *
 * A new row is not in the table, so nothing locks its key until the flush inserts it: when another
 * transaction inserts the same key first, the flush fails (BatchedRowsConflictError) and the caller handles
 * its work again, reading that row. A consumer's batch, whose cases are its partition's, meets this only
 * when two members of a group briefly hold the same partition.
 */
export class BatchedRows<Entity extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly shape: KeyedShape;
  private readonly keys: readonly string[];
  private readonly createMissing: boolean;
  /** Every key of the batch; null where the table has no row (only without createMissing). */
  private rows: Map<string, Entity | null> | undefined;
  private readonly changed = new Set<string>();
  private readonly added = new Set<string>();
  private readonly deleted = new Set<string>();
  /** Keys answered with a new row the table does not have (createMissing). */
  private readonly missing = new Set<string>();

  constructor(
    private readonly manager: EntityManager,
    private readonly target: EntityTarget<Entity>,
    keys: Iterable<string>,
    options: BatchedRowsOptions = {},
  ) {
    this.metadata = manager.connection.getMetadata(target);
    const shape = shapeOf(this.metadata);
    if (shape.key === null) {
      throw new Error(`BatchedRows needs a one-column primary key; ${this.metadata.name} has ${this.metadata.primaryColumns.length}`);
    }
    this.shape = { ...shape, key: shape.key };
    this.keys = [...new Set(keys)].sort();
    this.createMissing = options.createMissing ?? true;
  }

  /** The row of `key` (one of the keys given); with createMissing, created empty if the table did not have it. */
  async get(key: string): Promise<Entity> {
    const row = await this.find(key);
    if (!row) throw new Error(`BatchedRows: ${this.metadata.name} has no row ${key}`);
    return row;
  }

  /** The row of `key` (one of the keys given), or null when there is none (only without createMissing). */
  async find(key: string): Promise<Entity | null> {
    this.rows ??= await this.load();
    const row = this.rows.get(key);
    if (row === undefined) throw new Error(`BatchedRows: ${key} is not one of the ${this.keys.length} keys this batch reads`);
    return row;
  }

  /** Replaces (or, where there was none, adds) the row of `key` with `row` (its key stays `key`); written at `flush`. */
  set(key: string, row: Entity): void {
    if (!this.rows?.has(key)) throw new Error(`BatchedRows: set(${key}) before reading ${key}`);
    const next = { ...row };
    this.shape.key.setEntityValue(next, key);
    // A row the table did not have stays one to insert, however often it changes before the flush.
    if (this.added.has(key) || this.missing.has(key) || this.rows.get(key) === null) this.added.add(key);
    else this.changed.add(key);
    this.rows.set(key, next);
  }

  /** Drops the row of `key` (one of the keys given, read before); deleted at `flush`, and `find` answers null. */
  delete(key: string): void {
    const row = this.rows?.get(key);
    if (row === undefined) throw new Error(`BatchedRows: delete(${key}) before reading ${key}`);
    if (row !== null && !this.added.has(key) && !this.missing.has(key)) this.deleted.add(key);
    this.added.delete(key);
    this.changed.delete(key);
    this.rows!.set(key, null);
  }

  /**
   * Deletes the dropped rows, inserts the added ones and writes the changed ones, one statement each (a
   * row dropped, then added again, is deleted before it is inserted); answers how many rows it wrote.
   */
  async flush(): Promise<number> {
    if (!this.rows || this.changed.size + this.added.size + this.deleted.size === 0) return 0;
    const { table, key, columns } = this.shape;
    const deleted = [...this.deleted];
    if (deleted.length > 0) {
      await this.manager.query(`DELETE FROM ${table} WHERE "${key.databaseName}" = ANY($1::${String(key.type)}[])`, [deleted]);
    }
    const added = [...this.added].map((addedKey) => this.rows!.get(addedKey)!);
    if (added.length > 0) {
      // A key another transaction inserted since the read (nothing locked it) is refused by name; any other
      // constraint fails the statement as it would.
      const inserted = await insertRows(this.manager, this.target, added, { columns, skipTakenKeys: key });
      const taken = [...this.added].filter((addedKey) => !inserted.has(addedKey));
      if (taken.length > 0) throw new BatchedRowsConflictError(table, taken);
      for (const addedKey of this.added) this.missing.delete(addedKey);
    }
    const changed = [...this.changed];
    const rows = changed.map((changedKey) => toRawRow(this.manager, columns, this.rows!.get(changedKey)!));
    if (rows.length > 0) {
      const assignments = columns.filter((column) => column !== key).map(({ databaseName }) => `"${databaseName}" = v."${databaseName}"`);
      // The keys again, as an array: the planner takes a function's rows for 100 and joined them by a hash
      // of the whole table, a scan of every row per flush until the table outgrew that guess (2.6 ms at
      // 7,000 rows). `= ANY` reads the rows through the key's index.
      await this.manager.query(
        `UPDATE ${table} AS t SET ${assignments.join(', ')}
           FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) AS v
          WHERE t."${key.databaseName}" = v."${key.databaseName}" AND t."${key.databaseName}" = ANY($2::${String(key.type)}[])`,
        [JSON.stringify(rows), changed],
      );
    }
    const written = deleted.length + added.length + rows.length;
    this.changed.clear();
    this.added.clear();
    this.deleted.clear();
    return written;
  }

  private async load(): Promise<Map<string, Entity | null>> {
    const { table, key } = this.shape;
    if (!this.createMissing) return this.toEntities(await this.manager.query<RawRow[]>(this.lockStatement(), [this.keys]));
    const name = `"${key.databaseName}"`;
    const newRow = await defaultRowSelect(this.manager, this.metadata, table, key.databaseName);
    // The rows there are, locked in key order, and a new row with the table's defaults for each missing key, in
    // one statement that writes nothing. The missing rows were inserted here, empty, and written again by the
    // flush: two versions of every new row, with the WAL, the index entries and the dead row of the first.
    const rows = await this.manager.query<RawRow[]>(
      `WITH locked AS (${this.lockStatement()})
       SELECT locked.*, false AS "${MISSING}" FROM locked
       UNION ALL
       SELECT ${newRow}, true FROM unnest($1::${String(key.type)}[]) AS k WHERE NOT EXISTS (SELECT 1 FROM locked WHERE locked.${name} = k)`,
      [this.keys],
    );
    for (const row of rows) if (row[MISSING] === true) this.missing.add(String(row[key.databaseName]));
    return this.toEntities(rows);
  }

  /** The rows there are of the keys in $1, locked as the sorted rows come out: in key order. */
  private lockStatement(): string {
    const { table, key } = this.shape;
    return `SELECT * FROM ${table} WHERE "${key.databaseName}" = ANY($1::${String(key.type)}[]) ORDER BY "${key.databaseName}" FOR UPDATE`;
  }

  private toEntities(rows: readonly RawRow[]): Map<string, Entity | null> {
    const { key, columns } = this.shape;
    const found = new Map(rows.map((row) => [String(row[key.databaseName]), toEntity<Entity>(this.manager, this.metadata, columns, row)]));
    return new Map(this.keys.map((batchKey) => [batchKey, found.get(batchKey) ?? null]));
  }
}

/**
 * Inserts entities (all with the same properties set; the others take their columns' defaults, unless
 * `columns` names them) into their table in one statement, in the order given. A key already there fails the statement, or with
 * `ignoreConflicts` leaves that row out. Values go through JSON, as in `BatchedRows`. With `skipTakenKeys` (the
 * key column), a row whose key is already there is left out (other constraints still fail the statement), and
 * the answer is the keys of the rows inserted.
 */
export async function insertRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  rows: readonly Partial<Entity>[],
  options: { ignoreConflicts?: boolean; columns?: readonly ColumnMetadata[]; skipTakenKeys?: ColumnMetadata } = {},
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { table, columns: allColumns } = shapeOf(manager.connection.getMetadata(target));
  const columns = options.columns ?? allColumns.filter((column) => column.getEntityValue(rows[0]) !== undefined);
  const names = columns.map((column) => `"${column.databaseName}"`);
  const keyed = options.skipTakenKeys;
  const returned = await manager.query<RawRow[]>(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.map((name) => `r.${name}`).join(', ')}
       FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality
     ${options.ignoreConflicts ? 'ON CONFLICT DO NOTHING' : ''}
     ${keyed ? `ON CONFLICT ("${keyed.databaseName}") DO NOTHING RETURNING "${keyed.databaseName}"` : ''}`,
    [JSON.stringify(rows.map((row) => toRawRow(manager, columns, row)))],
  );
  return keyed ? new Set(returned.map((row) => String(row[keyed.databaseName]))) : new Set();
}
