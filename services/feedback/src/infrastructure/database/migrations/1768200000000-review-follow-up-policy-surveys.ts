import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8: feedback review (审核), the follow-up policy, survey links (SMS), reopen and rework counts, grid checks (核查). */
export class ReviewFollowUpPolicySurveys1768200000000 implements MigrationInterface {
  name = 'ReviewFollowUpPolicySurveys1768200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE feedback.follow_ups
        ADD COLUMN request_type text,
        ADD COLUMN channel text,
        ADD COLUMN title text,
        ADD COLUMN reporter_inspector_id text,
        ADD COLUMN deadline timestamptz,
        ADD COLUMN review_required boolean NOT NULL DEFAULT false,
        ADD COLUMN reviewed_at timestamptz,
        ADD COLUMN reviewer_id text,
        ADD COLUMN return_count integer NOT NULL DEFAULT 0 CHECK (return_count >= 0),
        ADD COLUMN reopen_count integer NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
        ADD COLUMN rework_count integer NOT NULL DEFAULT 0 CHECK (rework_count >= 0),
        ADD COLUMN first_attempt_at timestamptz,
        ADD COLUMN closed_as text`);
    // The review list: replies waiting, oldest first.
    await runner.query(`CREATE INDEX follow_ups_review_pending ON feedback.follow_ups (feedback_at) WHERE status = 'feedback_submitted' AND review_required`);
    // The retry sweep: due cases with an unanswered call, by the first one.
    await runner.query(`CREATE INDEX follow_ups_retry_window ON feedback.follow_ups (first_attempt_at) WHERE first_attempt_at IS NOT NULL`);
    // Survey links: only a hash of the token is kept (the token itself travels once, in case.survey_issued).
    await runner.query(`
      CREATE TABLE feedback.survey_tokens (
        token_hash text PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES feedback.follow_ups (case_id) ON DELETE CASCADE,
        attempt integer NOT NULL CHECK (attempt > 0),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        voided_at timestamptz
      )`);
    await runner.query(`CREATE INDEX survey_tokens_open ON feedback.survey_tokens (case_id) WHERE used_at IS NULL AND voided_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE feedback.survey_tokens');
    await runner.query('DROP INDEX feedback.follow_ups_retry_window');
    await runner.query('DROP INDEX feedback.follow_ups_review_pending');
    await runner.query(`
      ALTER TABLE feedback.follow_ups
        DROP COLUMN request_type, DROP COLUMN channel, DROP COLUMN title, DROP COLUMN reporter_inspector_id, DROP COLUMN deadline,
        DROP COLUMN review_required, DROP COLUMN reviewed_at, DROP COLUMN reviewer_id, DROP COLUMN return_count,
        DROP COLUMN reopen_count, DROP COLUMN rework_count, DROP COLUMN first_attempt_at, DROP COLUMN closed_as`);
  }
}
