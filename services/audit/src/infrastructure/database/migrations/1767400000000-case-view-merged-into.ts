import type { MigrationInterface, QueryRunner } from 'typeorm';

// 并案: a merged case shows the progress of the case it joined.
export class CaseViewMergedInto1767400000000 implements MigrationInterface {
  name = 'CaseViewMergedInto1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE audit.case_view ADD COLUMN merged_into_case_id uuid');
    await runner.query(`
      UPDATE audit.case_view v SET merged_into_case_id = (e.envelope -> 'payload' ->> 'intoCaseId')::uuid
      FROM audit.case_events e WHERE e.case_id = v.case_id AND e.type = 'case.merged'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE audit.case_view DROP COLUMN merged_into_case_id');
  }
}
