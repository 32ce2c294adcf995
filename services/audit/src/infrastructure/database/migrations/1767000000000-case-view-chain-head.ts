import type { MigrationInterface, QueryRunner } from 'typeorm';

// The view row keeps the head of its case's hash chain (last position and hash), so an append reads
// the case's state and its chain head with the one statement that locks the row.
export class CaseViewChainHead1767000000000 implements MigrationInterface {
  name = 'CaseViewChainHead1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit.case_view ADD COLUMN chain_position integer NOT NULL DEFAULT 0, ADD COLUMN chain_hash text`);
    await runner.query(`
      UPDATE audit.case_view v SET chain_position = head.position, chain_hash = head.hash
      FROM (SELECT DISTINCT ON (case_id) case_id, position, hash FROM audit.case_events ORDER BY case_id, position DESC) head
      WHERE head.case_id = v.case_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit.case_view DROP COLUMN chain_position, DROP COLUMN chain_hash`);
  }
}
