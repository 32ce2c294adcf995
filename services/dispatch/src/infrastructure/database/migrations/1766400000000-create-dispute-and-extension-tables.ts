import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDisputeAndExtensionTables1766400000000 implements MigrationInterface {
  name = 'CreateDisputeAndExtensionTables1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    // 退单 / 派单异议 and the centre's decision. A row decided 'redispatched' counts against the
    // returning unit's return rate (考评): count them by agency_id and decided_at.
    await runner.query(`
      CREATE TABLE dispatch.disputes (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        round integer NOT NULL CHECK (round > 0),
        agency_id text NOT NULL,
        reason text NOT NULL,
        note text NOT NULL,
        return_number integer NOT NULL CHECK (return_number > 0),
        requires_arbitration boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'redispatched', 'rejected')),
        raised_at timestamptz NOT NULL,
        raised_event_id uuid NOT NULL UNIQUE,
        correlation_id text NOT NULL,
        decided_at timestamptz,
        decided_by text,
        decided_as text CHECK (decided_as IN ('dispatcher', 'arbitration')),
        decision_note text,
        redispatched_to text
      )`);
    await runner.query(`CREATE UNIQUE INDEX disputes_one_pending ON dispatch.disputes (case_id) WHERE status = 'pending'`);
    await runner.query(`CREATE INDEX disputes_status_raised ON dispatch.disputes (status, raised_at)`);
    await runner.query(`CREATE INDEX disputes_agency_outcome ON dispatch.disputes (agency_id, status, decided_at)`);
    // 延期申请 waiting for, or decided by, the centre.
    await runner.query(`
      CREATE TABLE dispatch.extension_requests (
        case_id uuid NOT NULL,
        number integer NOT NULL CHECK (number > 0),
        round integer,
        agency_id text NOT NULL,
        reason text NOT NULL,
        requested_deadline timestamptz NOT NULL,
        previous_deadline timestamptz,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        requested_at timestamptz NOT NULL,
        requested_event_id uuid NOT NULL UNIQUE,
        correlation_id text NOT NULL,
        decided_at timestamptz,
        decided_by text,
        decision_note text,
        PRIMARY KEY (case_id, number)
      )`);
    await runner.query(`CREATE UNIQUE INDEX extension_requests_one_pending ON dispatch.extension_requests (case_id) WHERE status = 'pending'`);
    await runner.query(`CREATE INDEX extension_requests_status_requested ON dispatch.extension_requests (status, requested_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.extension_requests');
    await runner.query('DROP TABLE dispatch.disputes');
  }
}
