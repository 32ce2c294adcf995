import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 协办 reports (one per co-handler and dispatch round) and 吹哨报到 summons (one per whistle and
 * department): when each department was due, when it checked in, and when its absence was recorded.
 */
export class CoHandlingAndWhistles1767300000000 implements MigrationInterface {
  name = 'CoHandlingAndWhistles1767300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE execution.co_handler_reports (
        case_id uuid NOT NULL,
        round integer NOT NULL,
        agency_id text NOT NULL,
        note text NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, round, agency_id)
      )`);
    await runner.query(`
      CREATE TABLE execution.whistle_summons (
        whistle_id uuid NOT NULL,
        agency_id text NOT NULL,
        case_id uuid NOT NULL,
        summoned_by text NOT NULL,
        summoned_at timestamptz NOT NULL,
        arrive_by timestamptz NOT NULL,
        checked_in_at timestamptz,
        missed_at timestamptz,
        whistle_event_id uuid NOT NULL,
        correlation_id text NOT NULL,
        PRIMARY KEY (whistle_id, agency_id)
      )`);
    await runner.query(`CREATE INDEX whistle_summons_case ON execution.whistle_summons (case_id, agency_id)`);
    // The sweep's query: summons past their time with neither a check-in nor a recorded absence.
    await runner.query(`CREATE INDEX whistle_summons_due ON execution.whistle_summons (arrive_by) WHERE checked_in_at IS NULL AND missed_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE execution.whistle_summons`);
    await runner.query(`DROP TABLE execution.co_handler_reports`);
  }
}
