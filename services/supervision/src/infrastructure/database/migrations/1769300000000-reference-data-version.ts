import type { MigrationInterface, QueryRunner } from 'typeorm';

const REFERENCE_TABLES = ['sla_profiles', 'calendar_overrides', 'calendar_declared_years'] as const;

/**
 * One counter that every change to supervision's reference data (SLA profiles, the calendar) moves,
 * whoever makes it: the clock handler's cache compares it instead of re-reading the tables per event.
 */
export class SupervisionReferenceDataVersion1769300000000 implements MigrationInterface {
  name = 'SupervisionReferenceDataVersion1769300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE supervision.reference_data_version (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO supervision.reference_data_version (id, version) VALUES (1, 1)`);
    await runner.query(`
      CREATE FUNCTION supervision.bump_reference_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE supervision.reference_data_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of REFERENCE_TABLES) {
      await runner.query(`
        CREATE TRIGGER ${table}_bump_reference_data_version
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON supervision.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION supervision.bump_reference_data_version()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of REFERENCE_TABLES) {
      await runner.query(`DROP TRIGGER IF EXISTS ${table}_bump_reference_data_version ON supervision.${table}`);
    }
    await runner.query(`DROP FUNCTION IF EXISTS supervision.bump_reference_data_version()`);
    await runner.query(`DROP TABLE IF EXISTS supervision.reference_data_version`);
  }
}
