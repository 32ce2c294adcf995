import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { BatchedRows } from '@hotline/persistence';
import { batchWorkIn, type BatchWork } from './batch-scope';

/** The rows of the batch's cases in one table, flushed with the batch's other work. */
class CaseRows<Entity extends ObjectLiteral> implements BatchWork {
  readonly caseIds: ReadonlySet<string>;
  readonly rows: BatchedRows<Entity>;

  constructor(manager: EntityManager, target: EntityTarget<Entity>, events: readonly CaseEvent[]) {
    this.caseIds = new Set(events.map((event) => event.caseId));
    this.rows = new BatchedRows(manager, target, this.caseIds, { createMissing: false });
  }

  async flush(): Promise<void> {
    await this.rows.flush();
  }
}

/**
 * A table keyed by case id, as the current consumer batch sees it: one `BatchedRows` (without createMissing)
 * over the batch's cases, shared under `key` by every handler of the batch. Its first read locks the rows
 * there are in one statement; the batch's changes are written in two (new, changed) before it commits.
 * Undefined outside a batch, or for a case the batch does not hold: the caller reads and writes at once.
 */
export function batchedCaseRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  key: symbol,
  target: EntityTarget<Entity>,
  caseId: string,
): BatchedRows<Entity> | undefined {
  const work = batchWorkIn(manager, key, (events) => new CaseRows(manager, target, events));
  return work?.caseIds.has(caseId) ? work.rows : undefined;
}
