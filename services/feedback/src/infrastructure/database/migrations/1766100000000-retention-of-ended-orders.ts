import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RetentionOfEndedOrders1766100000000 implements MigrationInterface {
  name = 'RetentionOfEndedOrders1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    // The eraser's scan now covers every ended order (closed, or answered/transferred/merged/declined
    // at intake), not only closed ones: closed_at is set exactly while the order has ended.
    await runner.query(`DROP INDEX feedback.follow_ups_retention`);
    await runner.query(`
      CREATE INDEX follow_ups_retention ON feedback.follow_ups (closed_at)
        WHERE closed_at IS NOT NULL AND personal_data_erased_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX feedback.follow_ups_retention`);
    await runner.query(`
      CREATE INDEX follow_ups_retention ON feedback.follow_ups (closed_at)
        WHERE status = 'closed' AND personal_data_erased_at IS NULL`);
  }
}
