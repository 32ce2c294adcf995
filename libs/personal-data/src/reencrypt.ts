import type { PersonalDataCipher } from './sealing';
import { isSealed } from './sealing';

/** A table whose columns hold sealed values, e.g. intake.cases (reporter_name, reporter_phone). */
export interface SealedColumns {
  table: string;
  idColumn: string;
  columns: readonly string[];
  /** Each value is sealed with its `rowContext`: it opens only as that column of that row. */
  isBoundToRow?: boolean;
}

/** The context a value of a row-bound column is sealed with (see `PersonalDataCipher.seal`). */
export function rowContext(input: { table: string; column: string; id: string }): string {
  return `${input.table}.${input.column}:${input.id}`;
}

/** Runs one statement and resolves to its rows (TypeORM's `DataSource.query`). */
export type Query = (sql: string, parameters: unknown[]) => Promise<unknown>;

/**
 * Re-encrypts every value of the columns to the active key, in batches of `batchSize` rows, each batch
 * its own statement. Idempotent and resumable: a value already under the active key is left alone, so
 * an interrupted run just starts again. A clear value (stored before encryption at rest) is sealed.
 */
export function reencryptColumns(input: { query: Query; cipher: PersonalDataCipher; target: SealedColumns; batchSize: number }): Promise<{ rows: number }> {
  return rewriteColumns({ ...input, scope: 'not-under-active-key' });
}

/**
 * Seals only the values still in clear (stored before encryption at rest), leaving sealed ones under
 * whatever key they are. Idempotent, like `reencryptColumns`.
 */
export function sealClearColumns(input: { query: Query; cipher: PersonalDataCipher; target: SealedColumns; batchSize: number }): Promise<{ rows: number }> {
  return rewriteColumns({ ...input, scope: 'clear' });
}

async function rewriteColumns(input: {
  query: Query;
  cipher: PersonalDataCipher;
  target: SealedColumns;
  batchSize: number;
  scope: 'not-under-active-key' | 'clear';
}): Promise<{ rows: number }> {
  const { query, cipher, target, batchSize, scope } = input;
  const id = quoteIdent(target.idColumn);
  const table = target.table.split('.').map(quoteIdent).join('.');
  const columns = target.columns.map(quoteIdent);
  // A value that does not start with this prefix needs work.
  const donePrefix = scope === 'clear' ? 'v1:' : `v1:${cipher.activeKeyId}:`;
  const needsWork = columns.map((column) => `(${column} IS NOT NULL AND left(${column}, length($2)) <> $2)`).join(' OR ');
  let after: string | null = null;
  let rows = 0;
  for (;;) {
    const batch = (await query(
      `SELECT ${id}::text AS id, ${columns.join(', ')} FROM ${table}
        WHERE (${needsWork}) AND ($1::text IS NULL OR ${id}::text > $1)
        ORDER BY ${id}::text LIMIT ${Math.max(1, Math.floor(batchSize))}`,
      [after, donePrefix],
    )) as Array<Record<string, string | null>>;
    if (batch.length === 0) return { rows };
    for (const row of batch) {
      const values = target.columns.map((column) => {
        const context = target.isBoundToRow ? rowContext({ table: target.table, column, id: String(row['id']) }) : undefined;
        return reseal({ cipher, value: row[column] ?? null, context, scope });
      });
      const assignments = columns.map((column, index) => `${column} = $${index + 2}`).join(', ');
      // Compare-and-set on the old values: a row changed meanwhile (an erasure) is not overwritten.
      const unchanged = columns.map((column, index) => `${column} IS NOT DISTINCT FROM $${index + 2 + columns.length}`).join(' AND ');
      await query(`UPDATE ${table} SET ${assignments} WHERE ${id}::text = $1 AND ${unchanged}`, [
        row['id'],
        ...values,
        ...target.columns.map((column) => row[column] ?? null),
      ]);
      rows += 1;
    }
    after = batch.at(-1)?.['id'] ?? null;
  }
}

function reseal(input: { cipher: PersonalDataCipher; value: string | null; context: string | undefined; scope: 'not-under-active-key' | 'clear' }): string | null {
  const { cipher, value, context } = input;
  if (value === null || cipher.isSealedWithActiveKey(value)) return value;
  if (isSealed(value)) return input.scope === 'clear' ? value : cipher.seal(cipher.open(value, context), context);
  return cipher.seal(value, context);
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}
