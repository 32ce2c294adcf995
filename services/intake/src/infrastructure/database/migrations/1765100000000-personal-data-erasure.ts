import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PersonalDataErasure1765100000000 implements MigrationInterface {
  name = 'PersonalDataErasure1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE intake.cases ADD COLUMN personal_data_erased_at timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE intake.cases DROP COLUMN personal_data_erased_at`);
  }
}
