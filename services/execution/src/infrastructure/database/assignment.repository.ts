import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { batchWorkIn, type BatchWork } from '@hotline/messaging';
import { BatchedRows, findOneByKey } from '@hotline/persistence';
import { AssignmentRecord } from './entities/assignment.entity';

/** The state an update expects to find: a re-dispatch changes agency and round, so both are checked. */
export type AssignmentVersion = Pick<AssignmentRecord, 'caseId' | 'status' | 'agencyId' | 'round'>;

export type AssignmentChange = Partial<Omit<AssignmentRecord, 'caseId'>>;

/**
 * The assignments of a consumer batch's cases, shared by every handler of the batch: locked and read in one
 * statement on first use, changed in memory, and written in two (new, changed) when the batch ends.
 */
class AssignmentRows implements BatchWork {
  private readonly caseIds: ReadonlySet<string>;
  readonly rows: BatchedRows<AssignmentRecord>;

  constructor(manager: EntityManager, events: readonly CaseEvent[]) {
    this.caseIds = new Set(events.map((event) => event.caseId));
    this.rows = new BatchedRows(manager, AssignmentRecord, this.caseIds, { createMissing: false });
  }

  holds(caseId: string): boolean {
    return this.caseIds.has(caseId);
  }

  async flush(): Promise<void> {
    await this.rows.flush();
  }
}

const ASSIGNMENTS = Symbol('execution.assignments');

/**
 * Reads and compare-and-set writes of assignments inside the caller's transaction. In a consumer batch the
 * batch's cases go through its `AssignmentRows` (their rows locked for the batch, so a compare-and-set there
 * is a comparison in memory); anything else, and every HTTP request, reads and writes the table at once.
 */
export class AssignmentRepository {
  private readonly batch: AssignmentRows | undefined;

  constructor(private readonly manager: EntityManager) {
    this.batch = batchWorkIn(manager, ASSIGNMENTS, (events) => new AssignmentRows(manager, events));
  }

  find(caseId: string): Promise<AssignmentRecord | null> {
    const batch = this.batchOf(caseId);
    if (batch) return batch.rows.find(caseId);
    return findOneByKey(this.manager, AssignmentRecord, { caseId });
  }

  /** Reads the assignment and holds it against changes (a feedback, a re-dispatch) until the transaction ends. */
  findForShare(caseId: string): Promise<AssignmentRecord | null> {
    // A batch's rows are locked FOR UPDATE, which holds them at least as firmly.
    const batch = this.batchOf(caseId);
    if (batch) return batch.rows.find(caseId);
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
    if (await batch.rows.find(record.caseId)) throw new Error(`case ${record.caseId} has an assignment already`);
    batch.rows.set(record.caseId, record);
  }

  /** `UPDATE … WHERE status = expected`: false when someone else changed the assignment first. */
  async compareAndSet(expected: AssignmentVersion, change: AssignmentChange): Promise<boolean> {
    const batch = this.batchOf(expected.caseId);
    if (batch) {
      const current = await batch.rows.find(expected.caseId);
      const isExpected =
        current !== null && current.status === expected.status && current.agencyId === expected.agencyId && current.round === expected.round;
      // As the UPDATE's SET: a property left undefined changes nothing.
      const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
      if (isExpected) batch.rows.set(expected.caseId, { ...current, ...defined });
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

  private batchOf(caseId: string): AssignmentRows | undefined {
    return this.batch?.holds(caseId) ? this.batch : undefined;
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
