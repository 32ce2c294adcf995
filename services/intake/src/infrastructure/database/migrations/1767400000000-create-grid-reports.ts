import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGridReports1767400000000 implements MigrationInterface {
  name = 'CreateGridReports1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    // 数字城管: a grid inspector's report and the centre's filing decision (立案 / 不予立案).
    await runner.query(`
      CREATE TABLE intake.grid_reports (
        case_id uuid PRIMARY KEY REFERENCES intake.cases (case_id),
        inspector_id text NOT NULL,
        event_class text,
        component_code text CHECK (component_code ~ '^[0-9]{16}$'),
        filing_status text NOT NULL DEFAULT 'pending' CHECK (filing_status IN ('pending', 'filed', 'not_filed')),
        decided_by text,
        decided_at timestamptz,
        rejection_reason text,
        explanation text,
        note text,
        received_at timestamptz NOT NULL,
        CHECK ((filing_status = 'pending') = (decided_at IS NULL))
      )`);
    await runner.query('CREATE INDEX grid_reports_status ON intake.grid_reports (filing_status, received_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE intake.grid_reports');
  }
}
