import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

export class CreateClassificationTables1764300000000 implements MigrationInterface {
  name = 'CreateClassificationTables1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE classification.keyword_rules (
        category text PRIMARY KEY,
        name text NOT NULL,
        name_en text NOT NULL,
        urgency text NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'normal')),
        keywords text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0,
        -- An edit (keywords, urgency, enabled …) sets version = max(version) + 1: the classifier reloads on it.
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE classification.classifications (
        case_id uuid PRIMARY KEY,
        category text NOT NULL,
        urgency text NOT NULL,
        district_code text,
        street_code text,
        district_source text CHECK (district_source IN ('location', 'text')),
        confidence double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        matched_keywords text[] NOT NULL DEFAULT '{}',
        classifier_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX classifications_category_district ON classification.classifications (category, district_code, created_at)`);
    await createMessagingTables(runner, 'classification');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'classification');
    await runner.query('DROP TABLE classification.classifications');
    await runner.query('DROP TABLE classification.keyword_rules');
  }
}
