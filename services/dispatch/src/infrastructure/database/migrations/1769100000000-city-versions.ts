import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9 §1: a city is imported from files (`npm run city:import`). Each import of new content is a
 * version, like the dispatch catalogue; importing the same content again is not.
 */
export class CityVersions1769100000000 implements MigrationInterface {
  name = 'CityVersions1769100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE dispatch.city_versions (
        version integer PRIMARY KEY CHECK (version > 0),
        city_id text NOT NULL,
        edition text NOT NULL,
        digest text NOT NULL,
        catalogue_version integer REFERENCES dispatch.catalogues (version),
        summary jsonb NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.city_versions');
  }
}
