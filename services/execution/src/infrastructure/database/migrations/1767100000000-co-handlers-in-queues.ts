import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 协办 and copies: a case's co-handlers and the units copied on its dispatch see it in their queues,
 * so a queue is read by lead, co-handler or copy (array membership, hence GIN indexes).
 */
export class CoHandlersInQueues1767100000000 implements MigrationInterface {
  name = 'CoHandlersInQueues1767100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE execution.assignments ADD COLUMN co_handler_ids text[] NOT NULL DEFAULT '{}'`);
    await runner.query(`CREATE INDEX assignments_co_handlers ON execution.assignments USING gin (co_handler_ids)`);
    await runner.query(`CREATE INDEX assignments_copied_to ON execution.assignments USING gin (copied_to)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX execution.assignments_copied_to`);
    await runner.query(`DROP INDEX execution.assignments_co_handlers`);
    await runner.query(`ALTER TABLE execution.assignments DROP COLUMN co_handler_ids`);
  }
}
