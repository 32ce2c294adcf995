import type { MigrationInterface, QueryRunner } from 'typeorm';

// Street supervisors see the cases of their street: the view keeps the street classification found.
export class CaseViewStreet1765000000001 implements MigrationInterface {
  name = 'CaseViewStreet1765000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit.case_view ADD COLUMN street_code text`);
    await runner.query(`
      UPDATE audit.case_view v SET street_code = e.envelope -> 'payload' ->> 'streetCode'
      FROM audit.case_events e WHERE e.case_id = v.case_id AND e.type = 'case.classified'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit.case_view DROP COLUMN street_code`);
  }
}
