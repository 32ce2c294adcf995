import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 并案: a dispatcher confirms a flagged case as a merge; the flag records the case it was merged into. */
export class PossibleDuplicateMerges1769300000000 implements MigrationInterface {
  name = 'PossibleDuplicateMerges1769300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dispatch.possible_duplicates ADD COLUMN merged_into_case_id uuid');
    await runner.query('ALTER TABLE dispatch.possible_duplicates DROP CONSTRAINT possible_duplicates_status_check');
    await runner.query(`
      ALTER TABLE dispatch.possible_duplicates
        ADD CONSTRAINT possible_duplicates_status_check CHECK (status IN ('open', 'dismissed', 'merged')),
        ADD CONSTRAINT possible_duplicates_merged_into CHECK ((status = 'merged') = (merged_into_case_id IS NOT NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM dispatch.possible_duplicates WHERE status = 'merged'`);
    await runner.query('ALTER TABLE dispatch.possible_duplicates DROP CONSTRAINT possible_duplicates_merged_into, DROP CONSTRAINT possible_duplicates_status_check');
    await runner.query(`ALTER TABLE dispatch.possible_duplicates ADD CONSTRAINT possible_duplicates_status_check CHECK (status IN ('open', 'dismissed'))`);
    await runner.query('ALTER TABLE dispatch.possible_duplicates DROP COLUMN merged_into_case_id');
  }
}
