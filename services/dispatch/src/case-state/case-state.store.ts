import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';

/** A compare-and-set found another status than expected: someone else moved the case; retrying re-reads it. */
export class CaseStateConflictError extends Error {
  constructor(caseId: string, expected: CaseStatus | null) {
    super(`case ${caseId} is no longer ${expected ?? 'unknown to dispatch'}; its status changed concurrently`);
    this.name = 'CaseStateConflictError';
  }
}

export async function readCaseStatus(manager: EntityManager, caseId: string): Promise<CaseStatus | null> {
  // Plain SQL: read for every event, where a repository lookup cost more CPU than the statement.
  const [row] = await manager.query<Array<{ status: CaseStatus }>>('SELECT status FROM case_states WHERE case_id = $1', [caseId]);
  return row?.status ?? null;
}

/** Reads the status and keeps it from changing until the transaction ends (a decision that relies on it). */
export async function readCaseStatusForShare(manager: EntityManager, caseId: string): Promise<CaseStatus | null> {
  const [row] = await manager.query<Array<{ status: CaseStatus }>>('SELECT status FROM case_states WHERE case_id = $1 FOR SHARE', [caseId]);
  return row?.status ?? null;
}

/** Records the first status dispatch knows for a case; a row that already exists is a conflict. */
export async function insertCaseStatus(manager: EntityManager, caseId: string, status: CaseStatus): Promise<void> {
  const inserted = await manager.query<unknown[]>(
    'INSERT INTO case_states (case_id, status) VALUES ($1, $2) ON CONFLICT (case_id) DO NOTHING RETURNING case_id',
    [caseId, status],
  );
  if (inserted.length === 0) throw new CaseStateConflictError(caseId, null);
}

/** Moves the case from `expected` to `next`, or throws when its status is no longer `expected`. */
export async function compareAndSetCaseStatus(manager: EntityManager, caseId: string, expected: CaseStatus, next: CaseStatus): Promise<void> {
  const updated = await manager.query<[unknown[], number]>(
    'UPDATE case_states SET status = $3, updated_at = now() WHERE case_id = $1 AND status = $2',
    [caseId, expected, next],
  );
  if (updated[1] === 0) throw new CaseStateConflictError(caseId, expected);
}
