import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { outboxInsertSql, outboxRowsFor } from './append-to-outbox';

/**
 * A further write of the same statement, done only if the compare-and-set updated its row: `sql` is a
 * data-modifying CTE body whose parameters are numbered from `firstParameter`, and which must itself test
 * `EXISTS (SELECT 1 FROM updated)`.
 */
export type WriteWhenUpdated = (firstParameter: number) => { sql: string; parameters: unknown[] };

export interface CompareAndSetWithEvents<Entity extends ObjectLiteral> {
  /** The row's key and the version it must still have, by property: `WHERE` each column equals its value. */
  expected: Partial<Entity>;
  /** The properties to set; one left undefined changes nothing, as in TypeORM's `update`. */
  change: Partial<Entity>;
  /** The events the change causes, written to the outbox only if the row was updated. */
  events: readonly CaseEvent[];
  /** Writes that go with the change, named CTEs guarded the same way. */
  alsoWhenUpdated?: Readonly<Record<string, WriteWhenUpdated>>;
}

/**
 * A compare-and-set update, the outbox rows of the events it causes and any writes that go with it, in
 * one statement: one implicit transaction, with no `BEGIN` and `COMMIT` round trips, for a request that
 * writes nothing else. Nothing is written unless the row still had the expected version; false then.
 * Outside a consumer batch only: a batch's rows and outbox wait in the batch.
 */
export async function compareAndSetWithEvents<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  input: CompareAndSetWithEvents<NoInfer<Entity>>,
): Promise<boolean> {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columnsOf = (values: Partial<Entity>) =>
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([property, value]) => {
        const column = metadata.findColumnWithPropertyName(property);
        if (!column) throw new Error(`${metadata.name} has no column for property ${property}`);
        return { column: column.databaseName, value: driver.preparePersistentValue(value, column) as unknown };
      });
  const where = columnsOf(input.expected);
  const set = columnsOf(input.change);
  if (where.length === 0 || set.length === 0) throw new Error(`a compare-and-set of ${metadata.name} needs a row to match and a change`);
  const parameters: unknown[] = [...where.map(({ value }) => value), ...set.map(({ value }) => value)];
  const ctes = [
    `updated AS (
       UPDATE "${metadata.schema ?? 'public'}"."${metadata.tableName}"
          SET ${set.map(({ column }, index) => `"${column}" = $${where.length + index + 1}`).join(', ')}
        WHERE ${where.map(({ column }, index) => `"${column}" = $${index + 1}`).join(' AND ')}
       RETURNING 1)`,
  ];
  for (const [name, write] of Object.entries(input.alsoWhenUpdated ?? {})) {
    const { sql, parameters: own } = write(parameters.length + 1);
    ctes.push(`${name} AS (${sql})`);
    parameters.push(...own);
  }
  const outbox = outboxInsertSql(manager, outboxRowsFor(input.events), parameters.length + 1, 'EXISTS (SELECT 1 FROM updated)');
  ctes.push(outbox.cte);
  parameters.push(...outbox.parameters);
  const [row] = await manager.query<{ updated: number }[]>(
    `WITH ${ctes.join(', ')} SELECT (SELECT count(*) FROM updated)::int AS updated, ${outbox.notify} AS notified`,
    parameters,
  );
  return row?.updated === 1;
}
