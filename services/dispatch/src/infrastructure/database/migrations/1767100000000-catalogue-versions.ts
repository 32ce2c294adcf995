import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_REFERENCE_TABLES = ['catalogues', 'catalogue_rules', 'categories'] as const;

/**
 * The dispatch catalogue (派单目录) in versions that go from draft to published: ordered rules, first
 * match wins, matching on request type, category at any level, district, street, grid and keywords, each
 * naming a lead unit and its co-handlers. The active version of the old routing catalogue (priority ×
 * specificity) becomes published version 1 in the order that resolver read it, so routing does not change.
 * Additive only: the version still running during a rollout keeps working on the old tables.
 */
export class CatalogueVersions1767100000000 implements MigrationInterface {
  name = 'CatalogueVersions1767100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE dispatch.catalogues (
        version integer PRIMARY KEY CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
        based_on integer REFERENCES dispatch.catalogues (version),
        note text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_by text,
        published_at timestamptz,
        CHECK ((status = 'draft') = (published_at IS NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX catalogues_one_published ON dispatch.catalogues ((true)) WHERE status = 'published'`);
    await runner.query(`
      CREATE TABLE dispatch.catalogue_rules (
        catalogue_version integer NOT NULL REFERENCES dispatch.catalogues (version),
        position integer NOT NULL CHECK (position > 0),
        rule_id text NOT NULL,
        name text,
        request_types text[] NOT NULL DEFAULT '{}',
        category text,
        district_code text,
        street_code text,
        grid_code text,
        keywords text[] NOT NULL DEFAULT '{}',
        agency_id text NOT NULL REFERENCES dispatch.agencies (agency_id),
        co_handler_ids text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (catalogue_version, position),
        UNIQUE (catalogue_version, rule_id)
      )`);
    // The category tree (groups, then categories), so a rule can name a category at any level.
    await runner.query(`
      CREATE TABLE dispatch.categories (
        code text PRIMARY KEY,
        parent_code text REFERENCES dispatch.categories (code),
        name text NOT NULL
      )`);
    // What routing needs from case.received (request type, text for keyword rules); deleted once the case is dispatched.
    await runner.query(`
      CREATE TABLE dispatch.case_requests (
        case_id uuid PRIMARY KEY,
        request_type text NOT NULL,
        text text NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await runner.query(`
      ALTER TABLE dispatch.dispatches
        ADD COLUMN co_handler_ids text[] NOT NULL DEFAULT '{}',
        ADD COLUMN routed_by text NOT NULL DEFAULT 'rule' CHECK (routed_by IN ('rule', 'district_fallback', 'manual')),
        ADD COLUMN dispatched_by text,
        ADD COLUMN note text`);
    // A manual dispatch names the classification that queued the case as its cause.
    await runner.query(`
      ALTER TABLE dispatch.manual_dispatch_queue
        ADD COLUMN classified_event_id uuid,
        ADD COLUMN correlation_id text,
        ADD COLUMN confidence double precision`);
    await this.carryOverActiveRoutingCatalogue(runner);
    // routing_catalogues and routing_rules stay for the dispatch still running during a rollout (expand,
    // then contract: k8s/README.md); nothing reads them from this version on, and a later migration drops them.
    for (const table of NEW_REFERENCE_TABLES) {
      await runner.query(`
        CREATE TRIGGER ${table}_bump_reference_data_version
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dispatch.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION dispatch.bump_reference_data_version()`);
    }
  }

  private async carryOverActiveRoutingCatalogue(runner: QueryRunner): Promise<void> {
    const [active] = (await runner.query(`SELECT version FROM dispatch.routing_catalogues WHERE is_active`)) as Array<{ version: string }>;
    if (!active) return;
    await runner.query(
      `INSERT INTO dispatch.catalogues (version, status, note, created_by, published_by, published_at)
       VALUES (1, 'published', $1, 'migration', 'migration', now())`,
      [`routing catalogue ${active.version}`],
    );
    await runner.query(
      `INSERT INTO dispatch.catalogue_rules (catalogue_version, position, rule_id, category, district_code, agency_id)
       SELECT 1, row_number() OVER (ORDER BY priority DESC, (category IS NOT NULL)::int * 2 + (district_code IS NOT NULL)::int DESC, position, rule_id),
              rule_id, category, district_code, agency_id
         FROM dispatch.routing_rules WHERE catalogue_version = $1`,
      [active.version],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of NEW_REFERENCE_TABLES) await runner.query(`DROP TRIGGER IF EXISTS ${table}_bump_reference_data_version ON dispatch.${table}`);
    await runner.query(`ALTER TABLE dispatch.manual_dispatch_queue DROP COLUMN classified_event_id, DROP COLUMN correlation_id, DROP COLUMN confidence`);
    await runner.query(`ALTER TABLE dispatch.dispatches DROP COLUMN co_handler_ids, DROP COLUMN routed_by, DROP COLUMN dispatched_by, DROP COLUMN note`);
    for (const table of ['case_requests', 'catalogue_rules', 'catalogues', 'categories']) await runner.query(`DROP TABLE dispatch.${table}`);
  }
}
