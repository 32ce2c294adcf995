import type { MigrationInterface, QueryRunner } from 'typeorm';

// The record keeps the rest of where place resolution put the case (case.classified gridCode, communityCode,
// componentCode, componentOwnerId). Null on records written before, and where nothing was found.
export class ClassificationPlace1769200000000 implements MigrationInterface {
  name = 'ClassificationPlace1769200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE classification.classifications
        ADD COLUMN grid_code text,
        ADD COLUMN community_code text,
        ADD COLUMN component_code text,
        ADD COLUMN component_owner_id text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE classification.classifications
        DROP COLUMN grid_code, DROP COLUMN community_code, DROP COLUMN component_code, DROP COLUMN component_owner_id`);
  }
}
