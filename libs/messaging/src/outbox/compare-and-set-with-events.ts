import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { currentBatchScope } from '../inbox/batch-scope';
import { outboxInsertSql, outboxRowsFor } from './append-to-outbox';

// The statement's own CTEs, which a further write must not be named after.
const OWN_CTES = new Set(['updated', 'outbox_inserted']);

/**
 * A further write of the same statement, done only if the compare-and-set updated its row: `sql` is a
 * data-modifying CTE body whose parameters are numbered from `firstParameter`, and which must itself test
 * `EXISTS (SELECT 1 FROM updated)`.
 */
export type WriteWhenUpdated = (firstParameter: number) => { sql: string; parameters: unknown[] };

/**
 * A condition on other tables that must also hold for the update, evaluated in the statement's own snapshot:
 * a boolean SQL expression whose parameters are numbered from `firstParameter`.
 */
export type Precondition = (firstParameter: number) => { sql: string; parameters: unknown[] };

/** `updated`; `changed`: the row no longer had the expected version; `precondition_failed`: it had, the precondition did not hold. */
export type CompareAndSetOutcome = 'updated' | 'changed' | 'precondition_failed';

export interface CompareAndSetWithEvents<Entity extends ObjectLiteral> {
  /** The row's key and the version it must still have, by property: `WHERE` each column equals its value. */
  expected: Partial<Entity>;
  /** The properties to set; one left undefined changes nothing, as in TypeORM's `update`. */
  change: Partial<Entity>;
  /** The events the change causes, written to the outbox only if the row was updated. */
  events: readonly CaseEvent[];
  /** Writes that go with the change, named CTEs guarded the same way. */
  alsoWhenUpdated?: Readonly<Record<string, WriteWhenUpdated>>;
  /** Holds for the update too; nothing is written when it does not. */
  precondition?: Precondition;
}

/**
 * A compare-and-set update, the outbox rows of the events it causes and any writes that go with it, in
 * one statement: one implicit transaction, with no `BEGIN` and `COMMIT` round trips, for a request that
 * writes nothing else. Nothing is written unless the row still had the expected version and the precondition
 * held. Outside a consumer batch only: a batch's rows and outbox wait in the batch.
 */
export async function compareAndSetWithEvents<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  input: CompareAndSetWithEvents<NoInfer<Entity>>,
): Promise<CompareAndSetOutcome> {
  if (currentBatchScope()?.manager === manager) throw new Error('compareAndSetWithEvents writes at once: a consumer batch writes its rows and outbox when it ends');
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
  const precondition = input.precondition?.(parameters.length + 1) ?? { sql: 'true', parameters: [] };
  parameters.push(...precondition.parameters);
  const ctes = [
    `updated AS (
       UPDATE "${metadata.schema ?? 'public'}"."${metadata.tableName}"
          SET ${set.map(({ column }, index) => `"${column}" = $${where.length + index + 1}`).join(', ')}
        WHERE ${where.map(({ column }, index) => `"${column}" = $${index + 1}`).join(' AND ')} AND (${precondition.sql})
       RETURNING 1)`,
  ];
  for (const [name, write] of Object.entries(input.alsoWhenUpdated ?? {})) {
    if (OWN_CTES.has(name) || !/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`a further write cannot be named ${name}`);
    const { sql, parameters: own } = write(parameters.length + 1);
    ctes.push(`${name} AS (${sql})`);
    parameters.push(...own);
  }
  const outbox = outboxInsertSql(manager, outboxRowsFor(input.events), parameters.length + 1, 'EXISTS (SELECT 1 FROM updated)');
  ctes.push(outbox.cte);
  parameters.push(...outbox.parameters);
  const [row] = await manager.query<{ updated: number; held: boolean }[]>(
    `WITH ${ctes.join(', ')} SELECT (SELECT count(*) FROM updated)::int AS updated, (${precondition.sql}) AS held, ${outbox.notify} AS notified`,
    parameters,
  );
  if (row?.updated === 1) {
    if (input.events.length > 0) outbox.wakeUp();
    return 'updated';
  }
  // A precondition that is not true (false, or null) wrote nothing as surely as one that failed.
  return row?.held === true ? 'changed' : 'precondition_failed';
}
