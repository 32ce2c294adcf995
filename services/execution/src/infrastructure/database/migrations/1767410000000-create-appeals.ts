import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAppeals1767410000000 implements MigrationInterface {
  name = 'CreateAppeals1767410000000';

  async up(runner: QueryRunner): Promise<void> {
    // 申诉: a unit asks to exclude a closed case from its score; one appeal per case and round.
    await runner.query(`
      CREATE TABLE execution.appeals (
        appeal_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        round integer NOT NULL CHECK (round > 0),
        agency_id text NOT NULL,
        reason text NOT NULL,
        note text,
        status text NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
        filed_at timestamptz NOT NULL,
        decided_at timestamptz,
        UNIQUE (case_id, round)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE execution.appeals');
  }
}
