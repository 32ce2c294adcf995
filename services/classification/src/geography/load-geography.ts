import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_COMPONENT_CODE_WIDTHS, cityCodeProblems, type ComponentCodeWidths } from '../domain/city-codes';
import { CITY_DATUMS, type CityDatum } from './datum';

/** A GeoJSON geometry in the city's datum, [lng, lat] order. */
export interface GeoJsonGeometry {
  readonly type: string;
  readonly coordinates: unknown;
}

/**
 * A city's places as plain data, the way an importer (`city:import`, the demo seed, the benchmark) hands
 * them over: every geometry in `datum`, codes as DOMAIN.md §5 defines them.
 */
export interface CityGeography {
  readonly datum: CityDatum;
  /** Where the data came from and how it was made, kept in geo_city.source. */
  readonly source: string;
  readonly districts: ReadonlyArray<{ code: string; name: string; geometry: GeoJsonGeometry }>;
  readonly streets: ReadonlyArray<{ code: string; name: string; districtCode: string }>;
  readonly communities: ReadonlyArray<{ code: string; name: string; streetCode: string; districtCode: string }>;
  readonly grids: ReadonlyArray<{ code: string; communityCode: string; streetCode: string; districtCode: string; geometry: GeoJsonGeometry }>;
  readonly gazetteer: ReadonlyArray<{
    name: string;
    kind: 'district' | 'street' | 'community' | 'landmark' | 'road';
    full: boolean;
    geometry: GeoJsonGeometry | null;
    districtCode: string | null;
    streetCode: string | null;
    communityCode: string | null;
  }>;
  readonly components: ReadonlyArray<{ code: string; majorClass: string; minorClass: string; ownerAgencyId: string; name: string | null; geometry: GeoJsonGeometry }>;
}

export interface LoadedGeography {
  readonly districts: number;
  readonly streets: number;
  readonly communities: number;
  readonly grids: number;
  readonly gazetteer: number;
  readonly components: number;
}

const CHUNK = 5_000;

async function insertChunks<T>(manager: EntityManager, rows: readonly T[], sql: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await manager.query(sql, [JSON.stringify(rows.slice(i, i + CHUNK))]);
}

/**
 * Replaces the city's places with `city`, in one transaction: a failure leaves the previous places in
 * place. Communities and streets get the union of their grids as outline; gazetteer entries with a
 * geometry but no codes get them from the grid or district under their point.
 */
export async function loadGeography(dataSource: DataSource, city: CityGeography, options: LoadOptions = {}): Promise<LoadedGeography> {
  return dataSource.transaction((manager) => replaceGeography(manager, city, options));
}

export interface LoadOptions {
  /** The city's component code widths (DOMAIN.md §5: configuration); 2/2/6 by default. */
  readonly componentCodeWidths?: ComponentCodeWidths;
}

/** loadGeography inside a transaction the caller holds; refuses a city whose codes do not nest. */
export async function replaceGeography(manager: EntityManager, city: CityGeography, options: LoadOptions = {}): Promise<LoadedGeography> {
  if (!CITY_DATUMS.includes(city.datum)) throw new Error(`unknown datum ${String(city.datum)}: one of ${CITY_DATUMS.join(', ')}`);
  const problems = cityCodeProblems(city, options.componentCodeWidths ?? DEFAULT_COMPONENT_CODE_WIDTHS);
  if (problems.length > 0) throw new Error(`the city's codes do not fit DOMAIN.md §5:\n- ${problems.join('\n- ')}`);
  await manager.query(
    'TRUNCATE classification.geo_components, classification.geo_gazetteer, classification.geo_unit_grids, classification.geo_communities, classification.geo_streets, classification.geo_districts, classification.geo_city',
  );
  await insertChunks(
    manager,
    city.districts,
    `INSERT INTO classification.geo_districts (code, name, geom)
     SELECT r.code, r.name, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326))
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, geometry jsonb)`,
  );
  await insertChunks(
    manager,
    city.streets,
    `INSERT INTO classification.geo_streets (code, name, district_code)
     SELECT r.code, r.name, r."districtCode" FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, "districtCode" text)`,
  );
  await insertChunks(
    manager,
    city.communities,
    `INSERT INTO classification.geo_communities (code, name, street_code, district_code)
     SELECT r.code, r.name, r."streetCode", r."districtCode"
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, "streetCode" text, "districtCode" text)`,
  );
  await insertChunks(
    manager,
    city.grids,
    `INSERT INTO classification.geo_unit_grids (code, community_code, street_code, district_code, geom)
     SELECT r.code, r."communityCode", r."streetCode", r."districtCode", ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, "communityCode" text, "streetCode" text, "districtCode" text, geometry jsonb)`,
  );
  await manager.query(`
    UPDATE classification.geo_communities c SET geom = u.geom
      FROM (SELECT community_code, ST_Multi(ST_Union(geom)) AS geom FROM classification.geo_unit_grids GROUP BY community_code) u
     WHERE u.community_code = c.code`);
  await manager.query(`
    UPDATE classification.geo_streets s SET geom = u.geom
      FROM (SELECT street_code, ST_Multi(ST_Union(geom)) AS geom FROM classification.geo_communities WHERE geom IS NOT NULL GROUP BY street_code) u
     WHERE u.street_code = s.code`);
  await insertChunks(
    manager,
    city.gazetteer,
    `INSERT INTO classification.geo_gazetteer (name, kind, full_name, geom, district_code, street_code, community_code)
     SELECT r.name, r.kind, r.full, CASE WHEN r.geometry IS NULL OR r.geometry = 'null' THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326) END,
            r."districtCode", r."streetCode", r."communityCode"
       FROM jsonb_to_recordset($1::jsonb) AS r(name text, kind text, "full" boolean, geometry jsonb, "districtCode" text, "streetCode" text, "communityCode" text)`,
  );
  // A landmark or road given by position alone takes the codes of the grid (else the district) under it.
  await manager.query(`
    UPDATE classification.geo_gazetteer g
       SET grid_code = u.code, community_code = u.community_code, street_code = u.street_code, district_code = u.district_code
      FROM classification.geo_unit_grids u
     WHERE g.district_code IS NULL AND g.geom IS NOT NULL AND ST_Intersects(u.geom, ST_PointOnSurface(g.geom))`);
  await manager.query(`
    UPDATE classification.geo_gazetteer g SET district_code = d.code
      FROM classification.geo_districts d
     WHERE g.district_code IS NULL AND g.geom IS NOT NULL AND ST_Intersects(d.geom, ST_PointOnSurface(g.geom))`);
  await insertChunks(
    manager,
    city.components,
    `INSERT INTO classification.geo_components (code, major_class, minor_class, owner_agency_id, name, geom)
     SELECT r.code, r."majorClass", r."minorClass", r."ownerAgencyId", r.name, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, "majorClass" text, "minorClass" text, "ownerAgencyId" text, name text, geometry jsonb)`,
  );
  const counts: LoadedGeography = {
    districts: city.districts.length,
    streets: city.streets.length,
    communities: city.communities.length,
    grids: city.grids.length,
    gazetteer: city.gazetteer.length,
    components: city.components.length,
  };
  await manager.query('INSERT INTO classification.geo_city (datum, source, counts) VALUES ($1, $2, $3)', [city.datum, city.source, JSON.stringify(counts)]);
  // Fresh statistics, so that the planner knows the tables are no longer empty.
  for (const table of ['geo_districts', 'geo_streets', 'geo_communities', 'geo_unit_grids', 'geo_gazetteer', 'geo_components']) {
    await manager.query(`ANALYZE classification.${table}`);
  }
  return counts;
}
