import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateKnowledgeAndTriageTables1767400000000 implements MigrationInterface {
  name = 'CreateKnowledgeAndTriageTables1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    // 知识库: question-and-answer entries the units maintain; searched by segmented terms in a GIN-indexed tsvector.
    await runner.query(`
      CREATE TABLE classification.knowledge_entries (
        entry_id uuid PRIMARY KEY,
        agency_id text NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        category text,
        keywords text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        -- Which segmenter cut the terms: a change of segmenter re-indexes the entries it did not cut.
        segmenter text NOT NULL,
        search_vector tsvector NOT NULL,
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX knowledge_entries_search ON classification.knowledge_entries USING gin (search_vector)');
    await runner.query('CREATE INDEX knowledge_entries_agency ON classification.knowledge_entries (agency_id, updated_at)');
    // How triage ended a case without dispatch (答复 / 转办 / 并案 / 不予受理), with what the citizen was told.
    await runner.query(`
      CREATE TABLE classification.triage_outcomes (
        case_id uuid PRIMARY KEY,
        outcome text NOT NULL CHECK (outcome IN ('answered', 'transferred', 'merged', 'declined')),
        knowledge_entry_id uuid,
        score double precision,
        detail jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // 数字城管: a grid inspector's report waits here until the centre files it (立案) or rejects it.
    await runner.query(`
      CREATE TABLE classification.grid_reports (
        case_id uuid PRIMARY KEY,
        received jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'filed', 'not_filed')),
        decided_at timestamptz
      )`);
    // 并案: the open cases a repeat may join, projected from the case events.
    await runner.query(`
      CREATE TABLE classification.open_cases (
        case_id uuid PRIMARY KEY,
        category text NOT NULL,
        district_code text,
        text text NOT NULL,
        received_at timestamptz NOT NULL,
        -- Set by case.closed, cleared by case.reopened: only open cases take repeats.
        closed_at timestamptz
      )`);
    await runner.query('CREATE INDEX open_cases_category_district ON classification.open_cases (category, district_code, received_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE classification.open_cases');
    await runner.query('DROP TABLE classification.grid_reports');
    await runner.query('DROP TABLE classification.triage_outcomes');
    await runner.query('DROP TABLE classification.knowledge_entries');
  }
}
