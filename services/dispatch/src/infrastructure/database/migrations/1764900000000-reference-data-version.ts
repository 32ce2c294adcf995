import type { MigrationInterface, QueryRunner } from 'typeorm';

const REFERENCE_TABLES = ['agencies', 'routing_catalogues', 'routing_rules', 'sla_profiles'] as const;

/**
 * One counter that every change to the reference data (units, routing catalogue, SLA profile) moves,
 * whoever makes it: the service's cache compares it instead of re-reading the tables.
 */
export class ReferenceDataVersion1764900000000 implements MigrationInterface {
  name = 'ReferenceDataVersion1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE dispatch.reference_data_version (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO dispatch.reference_data_version (id, version) VALUES (1, 1)`);
    await runner.query(`
      CREATE FUNCTION dispatch.bump_reference_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE dispatch.reference_data_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of REFERENCE_TABLES) {
      await runner.query(`
        CREATE TRIGGER ${table}_bump_reference_data_version
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dispatch.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION dispatch.bump_reference_data_version()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of REFERENCE_TABLES) {
      await runner.query(`DROP TRIGGER IF EXISTS ${table}_bump_reference_data_version ON dispatch.${table}`);
    }
    await runner.query(`DROP FUNCTION IF EXISTS dispatch.bump_reference_data_version()`);
    await runner.query(`DROP TABLE IF EXISTS dispatch.reference_data_version`);
  }
}
