import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExtensionRequests1766400000000 implements MigrationInterface {
  name = 'CreateExtensionRequests1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    // 延期申请: a unit's requests for more time, numbered per case over all its rounds, so that
    // EXTENSION_MAX_PER_CASE holds across re-dispatches and reopenings.
    await runner.query(`
      CREATE TABLE execution.extension_requests (
        case_id uuid NOT NULL,
        number integer NOT NULL CHECK (number > 0),
        round integer NOT NULL CHECK (round > 0),
        agency_id text NOT NULL,
        reason text NOT NULL,
        requested_deadline timestamptz NOT NULL,
        previous_deadline timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        requested_at timestamptz NOT NULL,
        decided_at timestamptz,
        event_id uuid NOT NULL,
        PRIMARY KEY (case_id, number)
      )`);
    // At most one request waits for the centre per case.
    await runner.query(`CREATE UNIQUE INDEX extension_requests_one_pending ON execution.extension_requests (case_id) WHERE status = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE execution.extension_requests');
  }
}
