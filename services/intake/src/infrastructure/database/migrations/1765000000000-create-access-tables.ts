import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAccessTables, dropAccessTables } from '@hotline/access';

// Intake, the public entry, owns the shared `access` schema; every service reads it (API keys) read-only.
export class CreateAccessTables1765000000000 implements MigrationInterface {
  name = 'CreateAccessTables1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await createAccessTables(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropAccessTables(runner);
  }
}
