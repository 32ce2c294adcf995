import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateDispatchTables1764300100000 implements MigrationInterface {
  name = 'CreateDispatchTables1764300100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE dispatch.agencies (
        agency_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('district_government', 'street_office', 'city_department', 'utility')),
        district_code text CHECK (district_code ~ '^\\d{6}$'),
        parent_agency_id text REFERENCES dispatch.agencies (agency_id),
        street_code text CHECK (street_code ~ '^\\d{9}$')
      )`);
    await runner.query(`CREATE INDEX agencies_district_kind ON dispatch.agencies (district_code, kind)`);
    await runner.query(`
      CREATE TABLE dispatch.routing_catalogues (
        version text PRIMARY KEY,
        is_active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX routing_catalogues_one_active ON dispatch.routing_catalogues (is_active) WHERE is_active`);
    await runner.query(`
      CREATE TABLE dispatch.routing_rules (
        catalogue_version text NOT NULL REFERENCES dispatch.routing_catalogues (version),
        rule_id text NOT NULL,
        category text,
        district_code text,
        agency_id text NOT NULL REFERENCES dispatch.agencies (agency_id),
        priority integer NOT NULL,
        position integer NOT NULL DEFAULT 0,
        PRIMARY KEY (catalogue_version, rule_id)
      )`);
    await runner.query(`CREATE INDEX routing_rules_lookup ON dispatch.routing_rules (catalogue_version, category, district_code)`);
    await runner.query(`
      CREATE TABLE dispatch.sla_profiles (
        profile_id text NOT NULL,
        urgency text NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'normal')),
        amount double precision NOT NULL CHECK (amount > 0),
        unit text NOT NULL CHECK (unit IN ('clock_hours', 'working_hours', 'working_days', 'natural_days')),
        PRIMARY KEY (profile_id, urgency)
      )`);
    await runner.query(`
      CREATE TABLE dispatch.case_states (
        case_id uuid PRIMARY KEY,
        status text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE dispatch.dispatches (
        case_id uuid NOT NULL,
        round integer NOT NULL CHECK (round > 0),
        agency_id text NOT NULL REFERENCES dispatch.agencies (agency_id),
        copied_to text[] NOT NULL DEFAULT '{}',
        urgency text NOT NULL,
        deadline timestamptz NOT NULL,
        sla_amount double precision NOT NULL,
        sla_unit text NOT NULL,
        rule_id text NOT NULL,
        catalogue_version text NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        dispatched_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, round)
      )`);
    await runner.query(`CREATE INDEX dispatches_agency ON dispatch.dispatches (agency_id, dispatched_at)`);
    await runner.query(`
      CREATE TABLE dispatch.manual_dispatch_queue (
        case_id uuid PRIMARY KEY,
        category text NOT NULL,
        urgency text NOT NULL,
        district_code text,
        street_code text,
        reason text NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX manual_dispatch_queue_age ON dispatch.manual_dispatch_queue (queued_at)`);
    await createMessagingTables(runner, 'dispatch');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'dispatch');
    for (const table of ['manual_dispatch_queue', 'dispatches', 'case_states', 'sla_profiles', 'routing_rules', 'routing_catalogues', 'agencies']) {
      await runner.query(`DROP TABLE dispatch.${table}`);
    }
  }
}
