import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** A row as Postgres takes it: keyed by column name. */
type RawRow = Record<string, unknown>;

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
   * true (the default): the first read creates the rows the table lacks, empty (the table's other columns
   * must have defaults or be nullable). false: it locks only the rows there are; `find` answers null for the
   * others, and a row `set` for one of them is inserted at `flush`, every column from the entity.
   */
  createMissing?: boolean;
}

/**
 * The rows of one table for a set of keys (a projection's rows for the cases of a batch), read and
 * written in bulk, as entities. The first read locks the keys' rows, in key order so that two batches never
 * wait for each other in a cycle, and creates the missing ones (unless told not to) in the same statement;
 * `set` keeps a changed row in memory, where the next read of the same key sees it, and `delete` drops it
 * there; `flush` deletes the dropped rows in one statement, inserts the new ones in one and writes the changed
 * ones in one UPDATE. A row added and dropped in the same batch is never written.
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
    if (this.added.has(key) || this.rows.get(key) === null) this.added.add(key);
    else this.changed.add(key);
    this.rows.set(key, next);
  }

  /** Drops the row of `key` (one of the keys given, read before); deleted at `flush`, and `find` answers null. */
  delete(key: string): void {
    const row = this.rows?.get(key);
    if (row === undefined) throw new Error(`BatchedRows: delete(${key}) before reading ${key}`);
    if (row !== null && !this.added.has(key)) this.deleted.add(key);
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
    if (added.length > 0) await insertRows(this.manager, this.target, added, { columns });
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
    // The rows there are, locked in key order, and the missing ones created, in one statement. The lock was a
    // no-op ON CONFLICT DO UPDATE, which wrote a new version of every row it read: each projection row written
    // twice per batch, with the WAL and the dead row of the first write.
    const rows = await this.manager.query<RawRow[]>(
      `WITH locked AS (${this.lockStatement()}),
            created AS (INSERT INTO ${table} (${name})
                          SELECT k FROM unnest($1::${String(key.type)}[]) AS k WHERE NOT EXISTS (SELECT 1 FROM locked WHERE locked.${name} = k) ORDER BY k
                          ON CONFLICT (${name}) DO NOTHING RETURNING *)
       SELECT * FROM locked UNION ALL SELECT * FROM created`,
      [this.keys],
    );
    // A row another transaction created after this statement's snapshot is in neither half (the insert waited for
    // that transaction and left the row to it): locked now, by a statement that sees it.
    const returned = new Set(rows.map((row) => String(row[key.databaseName])));
    const raced = this.keys.filter((batchKey) => !returned.has(batchKey));
    if (raced.length > 0) rows.push(...(await this.manager.query<RawRow[]>(this.lockStatement(), [raced])));
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
 * `ignoreConflicts` leaves that row out. Values go through JSON, as in `BatchedRows`.
 */
export async function insertRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  rows: readonly Partial<Entity>[],
  options: { ignoreConflicts?: boolean; columns?: readonly ColumnMetadata[] } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const { table, columns: allColumns } = shapeOf(manager.connection.getMetadata(target));
  const columns = options.columns ?? allColumns.filter((column) => column.getEntityValue(rows[0]) !== undefined);
  const names = columns.map((column) => `"${column.databaseName}"`);
  await manager.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.map((name) => `r.${name}`).join(', ')}
       FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality
     ${options.ignoreConflicts ? 'ON CONFLICT DO NOTHING' : ''}`,
    [JSON.stringify(rows.map((row) => toRawRow(manager, columns, row)))],
  );
}
