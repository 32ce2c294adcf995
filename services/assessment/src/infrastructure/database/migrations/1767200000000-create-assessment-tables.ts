import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateAssessmentTables1767200000000 implements MigrationInterface {
  name = 'CreateAssessmentTables1767200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE assessment.agencies (
        agency_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per case: what hotspots and topics count (category × place × the month it was received).
    await runner.query(`
      CREATE TABLE assessment.cases (
        case_id uuid PRIMARY KEY,
        received_at timestamptz,
        month text,
        request_type text,
        channel text,
        category text,
        category_name text,
        district_code text,
        street_code text,
        merged_into uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX cases_month_category ON assessment.cases (month, category) WHERE merged_into IS NULL`);
    // One row per case, unit and handling round (a redispatch or a reopen starts a new round).
    await runner.query(`
      CREATE TABLE assessment.handlings (
        case_id uuid NOT NULL,
        round integer NOT NULL,
        agency_id text NOT NULL,
        month text NOT NULL,
        dispatched_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        signed_at timestamptz,
        is_sign_breached boolean NOT NULL DEFAULT false,
        returned_at timestamptz,
        is_return_upheld boolean NOT NULL DEFAULT false,
        feedback_at timestamptz,
        rework_count integer NOT NULL DEFAULT 0,
        is_follow_up_reached boolean NOT NULL DEFAULT false,
        is_resolved boolean,
        satisfaction text,
        concluded_as text CHECK (concluded_as IN ('closed', 'reopened')),
        is_excluded boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, round)
      )`);
    await runner.query(`CREATE INDEX handlings_month_agency ON assessment.handlings (month, agency_id)`);
    await runner.query(`
      CREATE TABLE assessment.check_ins (
        whistle_id uuid NOT NULL,
        agency_id text NOT NULL,
        case_id uuid NOT NULL,
        month text NOT NULL,
        arrive_by timestamptz NOT NULL,
        checked_in_at timestamptz,
        is_late boolean NOT NULL DEFAULT false,
        is_missed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (whistle_id, agency_id)
      )`);
    await runner.query(`CREATE INDEX check_ins_month_agency ON assessment.check_ins (month, agency_id)`);
    await runner.query(`
      CREATE TABLE assessment.appeals (
        appeal_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        agency_id text NOT NULL,
        round integer,
        reason text NOT NULL,
        note text,
        status text NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
        filed_at timestamptz NOT NULL,
        decided_at timestamptz,
        reviewer_id text,
        decision_note text
      )`);
    await runner.query(`CREATE INDEX appeals_status ON assessment.appeals (status, filed_at)`);
    // A closed month: its settings and units as they were at the close, and a copy of its facts in the closed_*
    // tables; its figures are computed from these only.
    await runner.query(`
      CREATE TABLE assessment.month_closings (
        month text PRIMARY KEY,
        closed_at timestamptz NOT NULL,
        closed_by text NOT NULL,
        snapshot jsonb NOT NULL
      )`);
    await runner.query(`CREATE TABLE assessment.closed_handlings (LIKE assessment.handlings INCLUDING ALL)`);
    await runner.query(`CREATE TABLE assessment.closed_check_ins (LIKE assessment.check_ins INCLUDING ALL)`);
    // Events that changed a closed month's facts: reported beside the published figures, never folded into them.
    await runner.query(`
      CREATE TABLE assessment.adjustments (
        adjustment_id bigserial PRIMARY KEY,
        month text NOT NULL,
        agency_id text NOT NULL,
        case_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        description text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX adjustments_month ON assessment.adjustments (month, adjustment_id)`);
    await runner.query(`
      CREATE TABLE assessment.topics (
        topic_id uuid PRIMARY KEY,
        name text NOT NULL,
        categories text[] NOT NULL,
        street_codes text[] NOT NULL,
        district_codes text[] NOT NULL,
        opened_at timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await createMessagingTables(runner, 'assessment');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'assessment');
    await runner.query(
      'DROP TABLE assessment.topics, assessment.adjustments, assessment.closed_check_ins, assessment.closed_handlings, assessment.month_closings, assessment.appeals, assessment.check_ins, assessment.handlings, assessment.cases, assessment.agencies',
    );
  }
}
