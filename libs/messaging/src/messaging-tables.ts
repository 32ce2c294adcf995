import type { QueryRunner } from 'typeorm';

/** The outbox and inbox tables; every service's first migration creates them in its own schema. */
export async function createMessagingTables(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}".outbox (
      seq bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      topic text NOT NULL,
      message_key text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  await runner.query(`CREATE INDEX outbox_unpublished ON "${schema}".outbox (seq) WHERE published_at IS NULL`);
  await runner.query(`
    CREATE TABLE "${schema}".inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
}

export async function dropMessagingTables(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE IF EXISTS "${schema}".inbox`);
  await runner.query(`DROP TABLE IF EXISTS "${schema}".outbox`);
}
