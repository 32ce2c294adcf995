import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateIntakeTables1764200000000 implements MigrationInterface {
  name = 'CreateIntakeTables1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE intake.cases (
        case_id uuid PRIMARY KEY,
        tracking_number text NOT NULL UNIQUE,
        type text NOT NULL,
        channel text NOT NULL,
        title text,
        description text NOT NULL,
        lat double precision,
        lng double precision,
        address text,
        reporter_name text,
        reporter_phone text,
        reporter_confidential boolean NOT NULL DEFAULT false,
        external_id text,
        reported_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX cases_external_id ON intake.cases (channel, external_id) WHERE external_id IS NOT NULL`);
    await runner.query(`
      CREATE TABLE intake.idempotency_keys (
        key text PRIMARY KEY,
        request_hash text NOT NULL,
        -- Deferred: the key is claimed before the case row exists, in the same transaction.
        case_id uuid NOT NULL REFERENCES intake.cases (case_id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await createMessagingTables(runner, 'intake');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'intake');
    await runner.query('DROP TABLE intake.idempotency_keys');
    await runner.query('DROP TABLE intake.cases');
  }
}
