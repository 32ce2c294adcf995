import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8 重办: a reopen the policy gives to a dispatcher joins the manual dispatch queue. Dispatch does
 * not keep a dispatched case's category, so such an entry has none (null); its reason names the reopen.
 */
export class ReopenToDispatcher1768200000000 implements MigrationInterface {
  name = 'ReopenToDispatcher1768200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dispatch.manual_dispatch_queue ALTER COLUMN category DROP NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM dispatch.manual_dispatch_queue WHERE category IS NULL`);
    await runner.query('ALTER TABLE dispatch.manual_dispatch_queue ALTER COLUMN category SET NOT NULL');
  }
}
