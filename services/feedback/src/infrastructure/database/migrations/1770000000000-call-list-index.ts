import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operators' call list (GET /v1/follow-ups?status=pending, longest-waiting first) sorted every
 * pending follow-up on each read: its three statuses cannot come in `updated_at` order from one scan of
 * `follow_ups_status_updated`. With 6,000 calls waiting that was a 10 ms scan of the table per read, read
 * by every console every few seconds, so the list cost more the further behind the centre was. This index
 * holds exactly the pending calls in the list's order: a page reads its `limit` entries. Its predicate is
 * the list's own WHERE (`CALL_LIST_PREDICATE`), word for word, or the planner cannot use it.
 */
export class CallListIndex1770000000000 implements MigrationInterface {
  name = 'CallListIndex1770000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX follow_ups_call_list ON feedback.follow_ups (updated_at, case_id)
        WHERE status IN ('feedback_submitted', 'feedback_approved', 'awaiting_follow_up')
          AND channel IS DISTINCT FROM 'grid' AND NOT (status = 'feedback_submitted' AND review_required)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX feedback.follow_ups_call_list`);
  }
}
