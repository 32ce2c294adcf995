import type { EntityManager } from 'typeorm';
import { batchedCaseRows } from '@hotline/messaging';
import { findOneByKey } from '@hotline/persistence';
import { CaseRequestRecord } from '../infrastructure/database/entities/case-request.entity';

const CASE_REQUESTS = Symbol('dispatch.case-requests');

/**
 * What routing needs from a received case, kept from `case.received` until the case is dispatched or leaves
 * the queue. In a consumer batch the rows of the batch's cases are shared by its handlers: read (and locked)
 * in one statement on first use, and inserted and deleted in one statement each when the batch ends; a
 * case received and dispatched in the same batch never writes its row. Elsewhere each call is a statement.
 */
const batchOf = (manager: EntityManager, caseId: string) => batchedCaseRows(manager, CASE_REQUESTS, CaseRequestRecord, caseId);

/** Keeps the request; one already kept stays as it is. */
export async function rememberCaseRequest(manager: EntityManager, request: CaseRequestRecord): Promise<void> {
  const batch = batchOf(manager, request.caseId);
  if (batch) {
    if (!(await batch.find(request.caseId))) batch.set(request.caseId, request);
    return;
  }
  await manager.createQueryBuilder().insert().into(CaseRequestRecord).values(request).orIgnore().execute();
}

export async function readCaseRequest(manager: EntityManager, caseId: string): Promise<CaseRequestRecord | null> {
  const batch = batchOf(manager, caseId);
  if (batch) return batch.find(caseId);
  return findOneByKey(manager, CaseRequestRecord, { caseId });
}

/** The case no longer waits for routing: its request is not needed any more. */
export async function forgetCaseRequest(manager: EntityManager, caseId: string): Promise<void> {
  const batch = batchOf(manager, caseId);
  if (batch) {
    if (await batch.find(caseId)) batch.delete(caseId);
    return;
  }
  await manager.query('DELETE FROM case_requests WHERE case_id = $1', [caseId]);
}
