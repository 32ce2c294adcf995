import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGeographyTables1768300000000 implements MigrationInterface {
  name = 'CreateGeographyTables1768300000000';

  async up(runner: QueryRunner): Promise<void> {
    // PostGIS lives in public (one per database; the services' search_path ends in public). The setup
    // (deploy/local/lib.sh ensure_postgis) installs Debian's postgresql-15-postgis-3 when it is missing.
    await runner.query('CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public');
    // The datum every geometry below is stored in (GCJ-02 for the Beijing sources, WGS-84 elsewhere);
    // SRID 4326 only says "longitude/latitude degrees": GCJ-02 has no EPSG code. One row per database.
    await runner.query(`
      CREATE TABLE classification.geo_city (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        datum text NOT NULL CHECK (datum IN ('WGS-84', 'GCJ-02')),
        source text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        counts jsonb NOT NULL DEFAULT '{}'
      )`);
    await runner.query(`
      CREATE TABLE classification.geo_districts (
        code char(6) PRIMARY KEY,
        name text NOT NULL,
        geom geometry(MultiPolygon, 4326) NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE classification.geo_streets (
        code char(9) PRIMARY KEY,
        name text NOT NULL,
        district_code char(6) NOT NULL REFERENCES classification.geo_districts (code),
        -- The union of its unit grids when it has any; null otherwise (the district outline decides).
        geom geometry(MultiPolygon, 4326)
      )`);
    await runner.query(`
      CREATE TABLE classification.geo_communities (
        code char(12) PRIMARY KEY,
        name text NOT NULL,
        street_code char(9) NOT NULL REFERENCES classification.geo_streets (code),
        district_code char(6) NOT NULL REFERENCES classification.geo_districts (code),
        geom geometry(MultiPolygon, 4326)
      )`);
    // 单元网格: 15 digits = 6 county + 3 street + 3 community + 3 sequence (DOMAIN.md §5); parents denormalised
    // so that a point resolves to all four codes from one index probe.
    await runner.query(`
      CREATE TABLE classification.geo_unit_grids (
        code char(15) PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
        community_code char(12) NOT NULL REFERENCES classification.geo_communities (code),
        street_code char(9) NOT NULL REFERENCES classification.geo_streets (code),
        district_code char(6) NOT NULL REFERENCES classification.geo_districts (code),
        geom geometry(Polygon, 4326) NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE classification.geo_gazetteer (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('district', 'street', 'community', 'landmark', 'road')),
        full_name boolean NOT NULL DEFAULT true,
        geom geometry(Geometry, 4326),
        district_code char(6) REFERENCES classification.geo_districts (code),
        street_code char(9) REFERENCES classification.geo_streets (code),
        community_code char(12) REFERENCES classification.geo_communities (code),
        grid_code char(15)
      )`);
    // 部件: 16 digits = 6 county + 2 major + 2 minor + 6 serial (widths are the importer's config).
    await runner.query(`
      CREATE TABLE classification.geo_components (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{16}$'),
        major_class text NOT NULL,
        minor_class text NOT NULL,
        owner_agency_id text NOT NULL,
        name text,
        geom geometry(Point, 4326) NOT NULL
      )`);
    for (const table of ['geo_districts', 'geo_streets', 'geo_communities', 'geo_unit_grids', 'geo_gazetteer']) {
      await runner.query(`CREATE INDEX ${table}_geom ON classification.${table} USING gist (geom)`);
    }
    // Within-tolerance lookups measure metres on the spheroid: ST_DWithin(geom::geography, …) uses this index.
    await runner.query('CREATE INDEX geo_components_geog ON classification.geo_components USING gist ((geom::geography))');
    await runner.query('CREATE INDEX geo_gazetteer_name ON classification.geo_gazetteer (name)');
    await runner.query('CREATE INDEX geo_unit_grids_community ON classification.geo_unit_grids (community_code)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['geo_components', 'geo_gazetteer', 'geo_unit_grids', 'geo_communities', 'geo_streets', 'geo_districts', 'geo_city']) {
      await runner.query(`DROP TABLE classification.${table}`);
    }
  }
}
