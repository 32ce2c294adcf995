import type { MigrationInterface, QueryRunner } from 'typeorm';

// 并案 by place: an open case keeps where it was reported, and each category says how near and how
// recent a repeat must be. Categories without a row use MERGE_RADIUS_METRES / MERGE_WINDOW_HOURS.
export const DEFAULT_DUPLICATE_SETTINGS: ReadonlyArray<readonly [category: string, radiusMetres: number, windowHours: number]> = [
  ['street_light', 50, 72], // one lamp or pole: reports a few doors apart are another lamp
  ['road_damage', 50, 168], // a pothole stays until it is filled
  ['public_safety_hazard', 50, 24],
  ['greening', 50, 168],
  ['parking', 50, 24],
  ['illegal_construction', 50, 720], // a structure goes up over weeks; neighbours report it again and again
  ['noise', 200, 24], // heard across a block; tonight's noise is not last week's
  ['street_order', 100, 24],
  ['sanitation', 100, 48],
  ['heating', 100, 72], // one building's heating
  ['traffic', 100, 72],
  ['environment_pollution', 500, 72], // smoke and smell carry
  ['water_supply', 500, 24], // an outage covers an area
  ['power_supply', 500, 24],
  ['gas_supply', 500, 24],
];

export class DuplicateSearchByPlace1769000000000 implements MigrationInterface {
  name = 'DuplicateSearchByPlace1769000000000';

  async up(runner: QueryRunner): Promise<void> {
    // Where the case was reported (case.received location); null: compared by district instead.
    await runner.query('ALTER TABLE classification.open_cases ADD COLUMN lat double precision, ADD COLUMN lon double precision');
    await runner.query(`
      ALTER TABLE classification.open_cases ADD CONSTRAINT open_cases_position CHECK (
        (lat IS NULL AND lon IS NULL) OR (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180))`);
    // The bounding-box prefilter of the candidate search: category, then a latitude range.
    await runner.query('CREATE INDEX open_cases_category_position ON classification.open_cases (category, lat, lon) WHERE closed_at IS NULL AND lat IS NOT NULL');
    await runner.query(`
      CREATE TABLE classification.duplicate_settings (
        category text PRIMARY KEY,
        radius_metres double precision NOT NULL CHECK (radius_metres >= 0 AND radius_metres <= 50000),
        window_hours double precision NOT NULL CHECK (window_hours >= 0 AND window_hours <= 2160),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const [category, radiusMetres, windowHours] of DEFAULT_DUPLICATE_SETTINGS) {
      await runner.query('INSERT INTO classification.duplicate_settings (category, radius_metres, window_hours) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        category,
        radiusMetres,
        windowHours,
      ]);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE classification.duplicate_settings');
    await runner.query('DROP INDEX classification.open_cases_category_position');
    await runner.query('ALTER TABLE classification.open_cases DROP CONSTRAINT open_cases_position, DROP COLUMN lat, DROP COLUMN lon');
  }
}
