import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** A row as Postgres returns it: keyed by column name, values as `pg` parses them. */
export type RawRow = Record<string, unknown>;

interface TableShape {
  table: string;
  key: string | null;
  keyType: string | null;
  columns: readonly string[];
}

interface KeyedShape extends TableShape {
  key: string;
  keyType: string;
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
  const keys = metadata.primaryColumns;
  const shape = {
    table: metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`,
    // Rows are read and written by key only where the key is one column (BatchedRows checks).
    key: keys.length === 1 ? keys[0].databaseName : null,
    keyType: keys.length === 1 ? String(keys[0].type) : null,
    columns: metadata.columns.map((column) => column.databaseName),
  };
  shapes.set(metadata, shape);
  return shape;
}

/**
 * The rows of one table for a set of keys (a projection's rows for the cases of a batch), read and
 * written in bulk. The first `get` creates the keys' missing rows and locks all of them in one
 * statement, in key order, so that two batches never wait for each other in a cycle; `set` keeps a
 * changed row in memory, where the next `get` of the same key sees it; `flush` writes every changed
 * row in one UPDATE. The table's other columns must have defaults or be nullable.
 */
export class BatchedRows<Entity extends ObjectLiteral> {
  private readonly shape: KeyedShape;
  private readonly keys: readonly string[];
  private rows: Map<string, RawRow> | undefined;
  private readonly changed = new Set<string>();

  constructor(
    private readonly manager: EntityManager,
    target: EntityTarget<Entity>,
    keys: Iterable<string>,
  ) {
    const metadata = manager.connection.getMetadata(target);
    const shape = shapeOf(metadata);
    if (shape.key === null || shape.keyType === null) {
      throw new Error(`BatchedRows needs a one-column primary key; ${metadata.name} has ${metadata.primaryColumns.length}`);
    }
    this.shape = { ...shape, key: shape.key, keyType: shape.keyType };
    this.keys = [...new Set(keys)].sort();
  }

  /** The row of `key` (one of the keys given), created empty if the table did not have it. */
  async get(key: string): Promise<RawRow> {
    this.rows ??= await this.load();
    const row = this.rows.get(key);
    if (!row) throw new Error(`BatchedRows: ${key} is not one of the ${this.keys.length} keys this batch reads`);
    return row;
  }

  /** Replaces the row of `key` with `row`; written at `flush`. */
  set(key: string, row: RawRow): void {
    if (!this.rows?.has(key)) throw new Error(`BatchedRows: set(${key}) before get(${key})`);
    this.rows.set(key, { ...row, [this.shape.key]: key });
    this.changed.add(key);
  }

  /** Writes the changed rows in one statement; answers how many it wrote. */
  async flush(): Promise<number> {
    if (!this.rows || this.changed.size === 0) return 0;
    const { table, key, columns } = this.shape;
    const rows = [...this.changed].map((changedKey) => this.rows!.get(changedKey));
    const assignments = columns.filter((column) => column !== key).map((column) => `"${column}" = v."${column}"`);
    await this.manager.query(
      `UPDATE ${table} AS t SET ${assignments.join(', ')}
         FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) AS v WHERE t."${key}" = v."${key}"`,
      [JSON.stringify(rows)],
    );
    this.changed.clear();
    return rows.length;
  }

  private async load(): Promise<Map<string, RawRow>> {
    const { table, key, keyType } = this.shape;
    // The no-op update takes the row lock SELECT … FOR UPDATE would, and returns existing and new rows alike.
    const rows = await this.manager.query<RawRow[]>(
      `INSERT INTO ${table} ("${key}") SELECT k FROM unnest($1::${keyType}[]) AS k ORDER BY k
       ON CONFLICT ("${key}") DO UPDATE SET "${key}" = EXCLUDED."${key}" RETURNING *`,
      [this.keys],
    );
    return new Map(rows.map((row) => [String(row[key]), row]));
  }
}

/**
 * Inserts rows (keyed by column name, all with the same columns) into an entity's table in one
 * statement, in the order given. A key already there fails the statement, or with `ignoreConflicts`
 * leaves that row out. Values go through JSON, as in `BatchedRows`.
 */
export async function insertRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  rows: readonly RawRow[],
  options: { ignoreConflicts?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const { table } = shapeOf(manager.connection.getMetadata(target));
  const columns = Object.keys(rows[0]).map((column) => `"${column}"`);
  await manager.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.map((column) => `r.${column}`).join(', ')}
       FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality
     ${options.ignoreConflicts ? 'ON CONFLICT DO NOTHING' : ''}`,
    [JSON.stringify(rows)],
  );
}
