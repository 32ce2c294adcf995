import type { MigrationInterface, QueryRunner } from 'typeorm';

// 并案: the Open311 view of a merged case shows the progress of the case it joined.
// Cases merged before this migration keep their own (closed) view: intake keeps no events to backfill from.
export class Open311MergedInto1769000000000 implements MigrationInterface {
  name = 'Open311MergedInto1769000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.open311_requests ADD COLUMN merged_into_case_id uuid');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.open311_requests DROP COLUMN merged_into_case_id');
  }
}
