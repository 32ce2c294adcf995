import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateAuditTables1764600000000 implements MigrationInterface {
  name = 'CreateAuditTables1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit.case_events (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        case_id uuid NOT NULL,
        position integer NOT NULL CHECK (position > 0),
        type text NOT NULL,
        version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        producer text NOT NULL,
        correlation_id text NOT NULL,
        causation_id text,
        trace_id text CHECK (trace_id ~ '^[0-9a-f]{32}$'),
        envelope jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        -- Two appends racing for one case cannot both take the same place in its chain.
        CONSTRAINT case_events_case_position UNIQUE (case_id, position),
        CONSTRAINT case_events_genesis CHECK ((position = 1) = (prev_hash IS NULL))
      )`);
    // Statement-level, so even an UPDATE or DELETE that matches no row is refused.
    await runner.query(`
      CREATE FUNCTION audit.refuse_case_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.case_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'The lifecycle record is tamper-evident; record a correcting event instead of changing history.';
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER case_events_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.case_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_case_event_change()`);
    await runner.query(`
      CREATE TABLE audit.case_view (
        case_id uuid PRIMARY KEY,
        tracking_number text,
        status text,
        type text,
        channel text,
        category text,
        category_name text,
        urgency text,
        district_code text,
        district_name text,
        agency_id text,
        agency_name text,
        deadline timestamptz,
        received_at timestamptz,
        dispatched_at timestamptz,
        signed_at timestamptz,
        feedback_at timestamptz,
        closed_at timestamptz,
        last_event_type text,
        last_event_at timestamptz,
        event_count integer NOT NULL DEFAULT 0,
        anomalies integer NOT NULL DEFAULT 0,
        last_anomaly text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Not unique: a second case.received with a clashing number must still be recorded, not refused.
    await runner.query(`CREATE INDEX case_view_tracking_number ON audit.case_view (tracking_number)`);
    await createMessagingTables(runner, 'audit');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'audit');
    await runner.query('DROP TABLE audit.case_view');
    await runner.query('DROP TABLE audit.case_events');
    await runner.query('DROP FUNCTION audit.refuse_case_event_change()');
  }
}
