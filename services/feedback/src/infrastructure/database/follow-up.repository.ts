import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { compareAndSetWithEvents, type WriteWhenUpdated } from '@hotline/messaging';
import { findOneByKey } from '@hotline/persistence';
import { FollowUpRecord } from './entities/follow-up.entity';

/** The state an update expects to find: a call that was not answered leaves the status, so attempts are checked too. */
export type FollowUpVersion = Pick<FollowUpRecord, 'caseId' | 'status' | 'attempts'>;

export type FollowUpChange = Partial<Omit<FollowUpRecord, 'caseId'>>;

/** Reads and compare-and-set writes of follow-ups inside the caller's transaction. */
export class FollowUpRepository {
  constructor(private readonly manager: EntityManager) {}

  find(caseId: string): Promise<FollowUpRecord | null> {
    return findOneByKey(this.manager, FollowUpRecord, { caseId });
  }

  /** Locks the row for a decision made over HTTP (review, inspection, survey answer, sweep). */
  findForUpdate(caseId: string): Promise<FollowUpRecord | null> {
    return this.manager.getRepository(FollowUpRecord).findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
  }

  /** `UPDATE … WHERE status = expected AND attempts = expected`: false when someone else changed it first. */
  async compareAndSet(expected: FollowUpVersion, change: FollowUpChange): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(FollowUpRecord)
      .set(change)
      .where('case_id = :caseId AND status = :status AND attempts = :attempts', {
        caseId: expected.caseId,
        status: expected.status,
        attempts: expected.attempts,
      })
      .execute();
    return result.affected === 1;
  }

  /**
   * The compare-and-set update, the outbox rows of the events it causes and the writes that go with it, in
   * one statement (no `BEGIN` and `COMMIT` round trips). Nothing is written unless the follow-up still had
   * the expected version; false then.
   */
  async compareAndSetWithEvents(
    expected: FollowUpVersion,
    change: FollowUpChange,
    events: readonly CaseEvent[],
    alsoWhenUpdated: Readonly<Record<string, WriteWhenUpdated>> = {},
  ): Promise<boolean> {
    const { caseId, status, attempts } = expected;
    const outcome = await compareAndSetWithEvents(this.manager, FollowUpRecord, { expected: { caseId, status, attempts }, change, events, alsoWhenUpdated });
    return outcome === 'updated';
  }
}

/**
 * A consumer lost a compare-and-set race with an HTTP request. Carries SQLSTATE 40001
 * (serialization_failure) so the Kafka consumer retries it, re-reading the row, like any lost race.
 */
export class FollowUpChangedConcurrentlyError extends Error {
  readonly code = '40001';

  constructor(caseId: string) {
    super(`the follow-up of case ${caseId} changed while an event was being applied`);
    this.name = 'FollowUpChangedConcurrentlyError';
  }
}
