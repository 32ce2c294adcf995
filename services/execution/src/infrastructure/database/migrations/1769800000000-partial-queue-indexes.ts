import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit's queue reads the orders it co-handles or was copied on through GIN indexes of the two arrays.
 * Indexed whole, every order (nearly all with both arrays empty) put an entry into each index on every
 * status change, and a lookup read the indexes' unmerged pending lists: 20 ms for no rows at 20,000
 * orders, so the planner scanned the table instead. Only the orders that have co-handlers or copies are
 * indexed now; the queue's branches say so (`<> '{}'`) to use them.
 */
export class PartialQueueIndexes1769800000000 implements MigrationInterface {
  name = 'PartialQueueIndexes1769800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX execution.assignments_co_handlers`);
    await runner.query(`DROP INDEX execution.assignments_copied_to`);
    await runner.query(`CREATE INDEX assignments_co_handlers ON execution.assignments USING gin (co_handler_ids) WHERE co_handler_ids <> '{}'`);
    await runner.query(`CREATE INDEX assignments_copied_to ON execution.assignments USING gin (copied_to) WHERE copied_to <> '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX execution.assignments_co_handlers`);
    await runner.query(`DROP INDEX execution.assignments_copied_to`);
    await runner.query(`CREATE INDEX assignments_co_handlers ON execution.assignments USING gin (co_handler_ids)`);
    await runner.query(`CREATE INDEX assignments_copied_to ON execution.assignments USING gin (copied_to)`);
  }
}
