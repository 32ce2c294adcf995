import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

interface KeyLookup {
  sql: string;
  keyColumns: EntityMetadata['columns'];
  /** The columns `findOneBy` would read (not `select: false`, not virtual). */
  readColumns: EntityMetadata['columns'];
}

const lookups = new WeakMap<EntityMetadata, Map<string, KeyLookup>>();

function lookupFor(metadata: EntityMetadata, keys: readonly string[]): KeyLookup {
  let byKeys = lookups.get(metadata);
  if (!byKeys) lookups.set(metadata, (byKeys = new Map<string, KeyLookup>()));
  const cacheKey = keys.join(',');
  const known = byKeys.get(cacheKey);
  if (known) return known;
  if (metadata.relations.length > 0 || metadata.embeddeds.length > 0) {
    throw new Error(`findOneByKey reads plain tables only; ${metadata.name} has relations or embedded columns`);
  }
  const keyColumns = keys.map((key) => {
    const column = metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`${metadata.name} has no column for property ${key}`);
    return column;
  });
  const table = metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  const readColumns = metadata.columns.filter((column) => column.isSelect && !column.isVirtual && !column.isVirtualProperty);
  const columns = readColumns.map((column) => `"${column.databaseName}"`).join(', ');
  const where = keyColumns.map((column, index) => `"${column.databaseName}" = $${index + 1}`).join(' AND ');
  const lookup = { sql: `SELECT ${columns} FROM ${table} WHERE ${where} LIMIT 1`, keyColumns, readColumns };
  byKeys.set(cacheKey, lookup);
  return lookup;
}

/**
 * `repository.findOneBy(where)` for the hot paths of consumers: the same row, hydrated through the
 * entity's own column metadata (types and transformers, as TypeORM reads them), from one cached SQL
 * text per entity and key set instead of a query builder per call, which cost consumers more CPU
 * than the statement itself. Plain tables only (no relations or embedded columns); `where` holds
 * equality on non-null values.
 */
export async function findOneByKey<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  where: Partial<T>,
): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const keys = Object.keys(where);
  const { sql, keyColumns, readColumns } = lookupFor(metadata, keys);
  const driver = manager.connection.driver;
  const parameters: unknown[] = keyColumns.map((column, index): unknown => driver.preparePersistentValue(where[keys[index] as keyof T], column));
  const [row] = await manager.query<Record<string, unknown>[]>(sql, parameters);
  return row ? hydrate<T>(manager, metadata, readColumns, row) : null;
}

function hydrate<T extends ObjectLiteral>(manager: EntityManager, metadata: EntityMetadata, columns: EntityMetadata['columns'], row: Record<string, unknown>): T {
  const driver = manager.connection.driver;
  const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
  for (const column of columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
  return entity;
}

/**
 * Rows a hand-written query returned (keyed by column name, every readable column of the table) as the
 * entities TypeORM would have read: types and transformers applied. Plain tables only, as `findOneByKey`.
 */
export function hydrateRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: readonly Record<string, unknown>[]): T[] {
  const metadata = manager.connection.getMetadata(target);
  const columns = metadata.columns.filter((column) => column.isSelect && !column.isVirtual && !column.isVirtualProperty);
  return rows.map((row) => hydrate<T>(manager, metadata, columns, row));
}
