import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { batchedCaseRows } from '@hotline/messaging';
import { CaseStateRecord } from '../infrastructure/database/entities/case-state.entity';

/** A compare-and-set found another status than expected: someone else moved the case; retrying re-reads it. */
export class CaseStateConflictError extends Error {
  constructor(caseId: string, expected: CaseStatus | null) {
    super(`case ${caseId} is no longer ${expected ?? 'unknown to dispatch'}; its status changed concurrently`);
    this.name = 'CaseStateConflictError';
  }
}

const CASE_STATES = Symbol('dispatch.case-states');

/**
 * In a consumer batch, the statuses of the batch's cases are shared by every handler of the batch: locked
 * and read in one statement on first use, moved in memory, and written in two when the batch ends. The rows
 * are locked for the whole batch, so a compare-and-set there is a comparison in memory.
 */
const batchOf = (manager: EntityManager, caseId: string) => batchedCaseRows(manager, CASE_STATES, CaseStateRecord, caseId);

export async function readCaseStatus(manager: EntityManager, caseId: string): Promise<CaseStatus | null> {
  const batch = batchOf(manager, caseId);
  if (batch) return (await batch.find(caseId))?.status ?? null;
  // Plain SQL: read for every event, where a repository lookup cost more CPU than the statement.
  const [row] = await manager.query<Array<{ status: CaseStatus }>>('SELECT status FROM case_states WHERE case_id = $1', [caseId]);
  return row?.status ?? null;
}

/** Reads the status and keeps it from changing until the transaction ends (a decision that relies on it). */
export async function readCaseStatusForShare(manager: EntityManager, caseId: string): Promise<CaseStatus | null> {
  // A batch's rows are locked FOR UPDATE, which holds them at least as firmly.
  const batch = batchOf(manager, caseId);
  if (batch) return (await batch.find(caseId))?.status ?? null;
  const [row] = await manager.query<Array<{ status: CaseStatus }>>('SELECT status FROM case_states WHERE case_id = $1 FOR SHARE', [caseId]);
  return row?.status ?? null;
}

/** Records the first status dispatch knows for a case; a row that already exists is a conflict. */
export async function insertCaseStatus(manager: EntityManager, caseId: string, status: CaseStatus): Promise<void> {
  const batch = batchOf(manager, caseId);
  if (batch) {
    if (await batch.find(caseId)) throw new CaseStateConflictError(caseId, null);
    batch.set(caseId, { caseId, status, updatedAt: new Date() });
    return;
  }
  const inserted = await manager.query<unknown[]>(
    'INSERT INTO case_states (case_id, status) VALUES ($1, $2) ON CONFLICT (case_id) DO NOTHING RETURNING case_id',
    [caseId, status],
  );
  if (inserted.length === 0) throw new CaseStateConflictError(caseId, null);
}

/** Moves the case from `expected` to `next`, or throws when its status is no longer `expected`. */
export async function compareAndSetCaseStatus(manager: EntityManager, caseId: string, expected: CaseStatus, next: CaseStatus): Promise<void> {
  const batch = batchOf(manager, caseId);
  if (batch) {
    const current = await batch.find(caseId);
    if (current?.status !== expected) throw new CaseStateConflictError(caseId, expected);
    batch.set(caseId, { ...current, status: next, updatedAt: new Date() });
    return;
  }
  const updated = await manager.query<[unknown[], number]>(
    'UPDATE case_states SET status = $3, updated_at = now() WHERE case_id = $1 AND status = $2',
    [caseId, expected, next],
  );
  if (updated[1] === 0) throw new CaseStateConflictError(caseId, expected);
}
