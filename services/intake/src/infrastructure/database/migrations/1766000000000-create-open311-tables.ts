import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOpen311Tables1766000000000 implements MigrationInterface {
  name = 'CreateOpen311Tables1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE intake.open311_services (
        service_code text PRIMARY KEY,
        service_name text NOT NULL,
        description text NOT NULL,
        group_name text NOT NULL,
        keywords text[] NOT NULL DEFAULT '{}',
        position integer NOT NULL,
        is_enabled boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`
      CREATE TABLE intake.open311_service_attributes (
        service_code text NOT NULL REFERENCES intake.open311_services (service_code) ON DELETE CASCADE,
        code text NOT NULL,
        datatype text NOT NULL CHECK (datatype IN ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
        is_required boolean NOT NULL,
        is_variable boolean NOT NULL DEFAULT true,
        datatype_description text,
        position integer NOT NULL,
        description text NOT NULL,
        allowed_values jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (service_code, code)
      )`);
    await runner.query(`
      CREATE TABLE intake.open311_submissions (
        case_id uuid PRIMARY KEY REFERENCES intake.cases (case_id),
        token uuid NOT NULL UNIQUE,
        service_code text NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        address_id text,
        device_id text,
        account_id text,
        media_url text,
        media_parts integer NOT NULL DEFAULT 0
      )`);
    // A projection of hotline.case-events: every case, whichever channel it came by.
    await runner.query(`
      CREATE TABLE intake.open311_requests (
        case_id uuid PRIMARY KEY,
        tracking_number text UNIQUE,
        case_status text,
        status text,
        channel text,
        category text,
        category_name text,
        description text,
        address text,
        lat double precision,
        lng double precision,
        agency_name text,
        deadline timestamptz,
        requested_at timestamptz,
        updated_at timestamptz,
        status_note text
      )`);
    await runner.query(`CREATE INDEX open311_requests_requested_at ON intake.open311_requests (requested_at)`);
    await runner.query(`CREATE INDEX open311_requests_updated_at ON intake.open311_requests (updated_at)`);
    await runner.query(`
      CREATE TABLE intake.open311_request_updates (
        update_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        status text NOT NULL,
        description text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX open311_request_updates_updated_at ON intake.open311_request_updates (updated_at)`);
    await runner.query(`CREATE INDEX open311_request_updates_case ON intake.open311_request_updates (case_id, updated_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['open311_request_updates', 'open311_requests', 'open311_submissions', 'open311_service_attributes', 'open311_services']) {
      await runner.query(`DROP TABLE intake.${table}`);
    }
  }
}
