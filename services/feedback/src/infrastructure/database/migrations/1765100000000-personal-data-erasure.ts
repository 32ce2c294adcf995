import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PersonalDataErasure1765100000000 implements MigrationInterface {
  name = 'PersonalDataErasure1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE feedback.follow_ups ADD COLUMN personal_data_erased_at timestamptz`);
    // The eraser's scan: closed cases whose contact is still held, oldest closing first.
    await runner.query(`
      CREATE INDEX follow_ups_retention ON feedback.follow_ups (closed_at)
        WHERE status = 'closed' AND personal_data_erased_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX feedback.follow_ups_retention`);
    await runner.query(`ALTER TABLE feedback.follow_ups DROP COLUMN personal_data_erased_at`);
  }
}
