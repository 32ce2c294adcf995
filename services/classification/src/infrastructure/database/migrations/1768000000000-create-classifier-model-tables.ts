import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateClassifierModelTables1768000000000 implements MigrationInterface {
  name = 'CreateClassifierModelTables1768000000000';

  async up(runner: QueryRunner): Promise<void> {
    // Trained text classifiers (libs/text-classifier), one row per published version; the newest active one classifies.
    await runner.query(`
      CREATE TABLE classification.classifier_models (
        version serial PRIMARY KEY,
        model bytea NOT NULL,
        category_labels text[] NOT NULL,
        heads text[] NOT NULL,
        metrics jsonb NOT NULL DEFAULT '{}',
        source text NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A dispatcher's corrected category (manual dispatch or redispatch): training data for the next model.
    await runner.query(`
      CREATE TABLE classification.category_corrections (
        case_id uuid PRIMARY KEY,
        corrected_category text NOT NULL,
        predicted_category text,
        event_id uuid NOT NULL,
        corrected_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE classification.category_corrections');
    await runner.query('DROP TABLE classification.classifier_models');
  }
}
