import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateFeedbackTables1764300000001 implements MigrationInterface {
  name = 'CreateFeedbackTables1764300000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE feedback.follow_ups (
        case_id uuid PRIMARY KEY,
        tracking_number text,
        agency_id text,
        status text NOT NULL,
        reporter_name text,
        reporter_phone text,
        reporter_confidential boolean NOT NULL DEFAULT false,
        feedback_outcome text,
        feedback_reply text,
        feedback_at timestamptz,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        result jsonb,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        correlation_id text NOT NULL,
        last_event_id uuid NOT NULL
      )`);
    // The operators' work list: by status, the longest-waiting first.
    await runner.query(`CREATE INDEX follow_ups_status_updated ON feedback.follow_ups (status, updated_at)`);
    await runner.query(`CREATE INDEX follow_ups_agency_status ON feedback.follow_ups (agency_id, status, updated_at)`);
    await createMessagingTables(runner, 'feedback');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'feedback');
    await runner.query('DROP TABLE feedback.follow_ups');
  }
}
