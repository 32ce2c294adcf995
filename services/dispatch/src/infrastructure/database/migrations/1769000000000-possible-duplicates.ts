import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 并案: a classified case that may repeat an open one (case.classified possibleDuplicateOf) is
 * dispatched as usual and listed here for a dispatcher to confirm or dismiss.
 */
export class PossibleDuplicates1769000000000 implements MigrationInterface {
  name = 'PossibleDuplicates1769000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE dispatch.possible_duplicates (
        case_id uuid PRIMARY KEY,
        duplicate_of_case_id uuid NOT NULL,
        score double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
        category text NOT NULL,
        district_code text,
        street_code text,
        flagged_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed')),
        decided_by text,
        decided_at timestamptz,
        note text
      )`);
    await runner.query(`CREATE INDEX possible_duplicates_open ON dispatch.possible_duplicates (flagged_at, case_id) WHERE status = 'open'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.possible_duplicates');
  }
}
