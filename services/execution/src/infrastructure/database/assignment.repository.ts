import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { batchedCaseRows, compareAndSetWithEvents, type CompareAndSetOutcome, type Precondition } from '@hotline/messaging';
import { findOneByKey, type BatchedRows } from '@hotline/persistence';
import { AssignmentRecord } from './entities/assignment.entity';

/** The state an update expects to find: a re-dispatch changes agency and round, so both are checked. */
export type AssignmentVersion = Pick<AssignmentRecord, 'caseId' | 'status' | 'agencyId' | 'round'>;

export type AssignmentChange = Partial<Omit<AssignmentRecord, 'caseId'>>;

const ASSIGNMENTS = Symbol('execution.assignments');

/**
 * Reads and compare-and-set writes of assignments inside the caller's transaction. In a consumer batch the
 * batch's cases go through rows every handler of the batch shares (`batchedCaseRows`: read and locked in one
 * statement, written in two before the commit, so a compare-and-set there is a comparison in memory);
 * anything else, and every HTTP request, reads and writes the table at once.
 */
export class AssignmentRepository {
  constructor(private readonly manager: EntityManager) {}

  find(caseId: string): Promise<AssignmentRecord | null> {
    const batch = this.batchOf(caseId);
    if (batch) return batch.find(caseId);
    return findOneByKey(this.manager, AssignmentRecord, { caseId });
  }

  /** Reads the assignment and holds it against changes (a feedback, a re-dispatch) until the transaction ends. */
  findForShare(caseId: string): Promise<AssignmentRecord | null> {
    // A batch's rows are locked FOR UPDATE, which holds them at least as firmly.
    const batch = this.batchOf(caseId);
    if (batch) return batch.find(caseId);
    return this.manager
      .getRepository(AssignmentRecord)
      .createQueryBuilder('assignment')
      .setLock('pessimistic_read')
      .where('assignment.case_id = :caseId', { caseId })
      .getOne();
  }

  async insert(record: AssignmentRecord): Promise<void> {
    const batch = this.batchOf(record.caseId);
    if (!batch) {
      await this.manager.getRepository(AssignmentRecord).insert(record);
      return;
    }
    if (await batch.find(record.caseId)) throw new Error(`case ${record.caseId} has an assignment already`);
    batch.set(record.caseId, record);
  }

  /** `UPDATE … WHERE status = expected`: false when someone else changed the assignment first. */
  async compareAndSet(expected: AssignmentVersion, change: AssignmentChange): Promise<boolean> {
    const batch = this.batchOf(expected.caseId);
    if (batch) {
      const current = await batch.find(expected.caseId);
      const isExpected =
        current !== null && current.status === expected.status && current.agencyId === expected.agencyId && current.round === expected.round;
      // As the UPDATE's SET: a property left undefined changes nothing.
      const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
      if (isExpected) batch.set(expected.caseId, { ...current, ...defined });
      return isExpected;
    }
    const result = await this.manager
      .createQueryBuilder()
      .update(AssignmentRecord)
      .set(change)
      .where('case_id = :caseId AND status = :status AND agency_id = :agencyId AND round = :round', {
        caseId: expected.caseId,
        status: expected.status,
        agencyId: expected.agencyId,
        round: expected.round,
      })
      .execute();
    return result.affected === 1;
  }

  /**
   * The compare-and-set update and the outbox row of the event it causes, in one statement: one implicit
   * transaction, with no `BEGIN` and `COMMIT` round trips. For a request that writes nothing else; the
   * event goes in only if the update happened: `changed` when someone else changed the assignment first,
   * `precondition_failed` when the precondition did not hold.
   */
  compareAndSetWithEvent(expected: AssignmentVersion, change: AssignmentChange, event: CaseEvent, precondition?: Precondition): Promise<CompareAndSetOutcome> {
    const { caseId, status, agencyId, round } = expected;
    return compareAndSetWithEvents(this.manager, AssignmentRecord, { expected: { caseId, status, agencyId, round }, change, events: [event], precondition });
  }

  private batchOf(caseId: string): BatchedRows<AssignmentRecord> | undefined {
    return batchedCaseRows(this.manager, ASSIGNMENTS, AssignmentRecord, caseId);
  }
}

/**
 * A consumer lost a compare-and-set race with an HTTP request. Carries SQLSTATE 40001
 * (serialization_failure) so the Kafka consumer retries it, re-reading the row, like any lost race.
 */
export class AssignmentChangedConcurrentlyError extends Error {
  readonly code = '40001';

  constructor(caseId: string) {
    super(`the assignment of case ${caseId} changed while an event was being applied`);
    this.name = 'AssignmentChangedConcurrentlyError';
  }
}
