import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateExecutionTables1764300000000 implements MigrationInterface {
  name = 'CreateExecutionTables1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE execution.assignments (
        case_id uuid PRIMARY KEY,
        agency_id text NOT NULL,
        round integer NOT NULL CHECK (round > 0),
        status text NOT NULL,
        deadline timestamptz NOT NULL,
        copied_to text[] NOT NULL DEFAULT '{}',
        signed_at timestamptz,
        signed_by text,
        feedback_outcome text,
        feedback_reply text,
        feedback_at timestamptz,
        dispatched_at timestamptz NOT NULL,
        dispatch_event_id uuid NOT NULL,
        correlation_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A unit's queue: filtered by status or not, newest dispatch first.
    await runner.query(`CREATE INDEX assignments_agency_status ON execution.assignments (agency_id, status, dispatched_at DESC)`);
    await runner.query(`CREATE INDEX assignments_agency_recent ON execution.assignments (agency_id, dispatched_at DESC)`);
    await createMessagingTables(runner, 'execution');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'execution');
    await runner.query('DROP TABLE execution.assignments');
  }
}
