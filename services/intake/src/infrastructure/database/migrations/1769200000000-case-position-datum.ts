import type { MigrationInterface, QueryRunner } from 'typeorm';

// The datum the caller gave lat/lng in (POST /v1/cases location.datum); null: none given, which means WGS-84.
export class CasePositionDatum1769200000000 implements MigrationInterface {
  name = 'CasePositionDatum1769200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE intake.cases ADD COLUMN datum text CHECK (datum IN ('WGS-84', 'GCJ-02', 'BD-09'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.cases DROP COLUMN datum');
  }
}
