import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhookTables1764400000000 implements MigrationInterface {
  name = 'CreateWebhookTables1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    // The secret is the HMAC key, needed in clear to sign: it is shown to the unit once and never
    // answered again; a unit that loses it deletes the subscription and registers a new one.
    await runner.query(`
      CREATE TABLE execution.webhook_subscriptions (
        id uuid PRIMARY KEY,
        agency_id text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await runner.query(`CREATE INDEX webhook_subscriptions_agency ON execution.webhook_subscriptions (agency_id) WHERE deleted_at IS NULL`);
    // One row per subscription × event, written in the transaction that handles the event: an outbox.
    await runner.query(`
      CREATE TABLE execution.webhook_deliveries (
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES execution.webhook_subscriptions (id),
        agency_id text NOT NULL,
        case_id uuid NOT NULL,
        sequence integer NOT NULL CHECK (sequence > 0),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead_lettered', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        first_attempt_at timestamptz,
        last_attempt_at timestamptz,
        last_error text,
        delivered_at timestamptz,
        dead_lettered_at timestamptz,
        replays integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, case_id, sequence),
        UNIQUE (subscription_id, event_id)
      )`);
    await runner.query(`CREATE INDEX webhook_deliveries_due ON execution.webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await runner.query(`CREATE INDEX webhook_deliveries_pending_per_case ON execution.webhook_deliveries (subscription_id, case_id, sequence) WHERE status = 'pending'`);
    await runner.query(`CREATE INDEX webhook_deliveries_dead ON execution.webhook_deliveries (agency_id, dead_lettered_at DESC) WHERE status = 'dead_lettered'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE execution.webhook_deliveries');
    await runner.query('DROP TABLE execution.webhook_subscriptions');
  }
}
