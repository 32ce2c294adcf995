import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 并案 confirmed by a dispatcher: the handling round of a case merged into another after dispatch is
 * withdrawn from its unit and counts in none of the unit's figures. Added to both tables, last, so a
 * month's close still copies handlings into closed_handlings column for column.
 */
export class WithdrawnHandlings1769300000000 implements MigrationInterface {
  name = 'WithdrawnHandlings1769300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['assessment.handlings', 'assessment.closed_handlings']) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN is_withdrawn boolean NOT NULL DEFAULT false`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['assessment.handlings', 'assessment.closed_handlings']) {
      await runner.query(`ALTER TABLE ${table} DROP COLUMN is_withdrawn`);
    }
  }
}
