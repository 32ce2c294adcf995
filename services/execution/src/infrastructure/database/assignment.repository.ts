import type { EntityManager } from 'typeorm';
import { findOneByKey } from '@hotline/persistence';
import { AssignmentRecord } from './entities/assignment.entity';

/** The state an update expects to find: a re-dispatch changes agency and round, so both are checked. */
export type AssignmentVersion = Pick<AssignmentRecord, 'caseId' | 'status' | 'agencyId' | 'round'>;

export type AssignmentChange = Partial<Omit<AssignmentRecord, 'caseId'>>;

/** Reads and compare-and-set writes of assignments inside the caller's transaction. */
export class AssignmentRepository {
  constructor(private readonly manager: EntityManager) {}

  find(caseId: string): Promise<AssignmentRecord | null> {
    return findOneByKey(this.manager, AssignmentRecord, { caseId });
  }

  /** Reads the assignment and holds it against changes (a feedback, a re-dispatch) until the transaction ends. */
  findForShare(caseId: string): Promise<AssignmentRecord | null> {
    return this.manager
      .getRepository(AssignmentRecord)
      .createQueryBuilder('assignment')
      .setLock('pessimistic_read')
      .where('assignment.case_id = :caseId', { caseId })
      .getOne();
  }

  async insert(record: AssignmentRecord): Promise<void> {
    await this.manager.getRepository(AssignmentRecord).insert(record);
  }

  /** `UPDATE … WHERE status = expected`: false when someone else changed the assignment first. */
  async compareAndSet(expected: AssignmentVersion, change: AssignmentChange): Promise<boolean> {
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
