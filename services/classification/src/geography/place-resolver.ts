import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { combinePlace, pickPlaceByName, placeText, type CasePlaceInput, type LocatedPlace, type PointHit } from '../domain/district-locator';
import { CITY_DATUMS, DEFAULT_INCOMING_DATUM, convertPosition, type CityDatum, type Datum } from './datum';
import { GazetteerCache, trimmed } from './gazetteer';

export const PLACE_SETTINGS = Symbol('PLACE_SETTINGS');
export interface PlaceSettings {
  /** A case whose position lies within this many metres of a component concerns it (0: only named ones). */
  readonly componentToleranceM: number;
}

/**
 * Point → unit grid → community → street → district in one statement: the grid under the point (GiST on
 * geo_unit_grids.geom) carries all four codes; only when no grid covers it is the district outline asked
 * (a one-time filter skips that probe otherwise). The nearest component within $4 metres (GiST on
 * geom::geography, KNN order) comes back in the same round trip. The position comes in every datum a city
 * may be stored in ($1 datums, $2 longitudes, $3 latitudes) and the statement takes the one geo_city names:
 * the datum is read with the places, in the same snapshot, so a city re-imported in another datum is used
 * at once and costs no extra round trip. No city loaded: no row.
 */
export const POINT_SQL = `
  WITH p AS (SELECT ST_SetSRID(ST_MakePoint(at.lng, at.lat), 4326) AS g
               FROM classification.geo_city city
               JOIN unnest($1::text[], $2::float8[], $3::float8[]) AS at (datum, lng, lat) ON at.datum = city.datum)
  SELECT coalesce(u.district_code, d.code) AS district_code, dn.name AS district_name,
         u.street_code, u.community_code, u.code AS grid_code, c.code AS component_code, c.owner_agency_id
    FROM p
    LEFT JOIN LATERAL (SELECT code, community_code, street_code, district_code FROM classification.geo_unit_grids
                        WHERE ST_Intersects(geom, p.g) ORDER BY code LIMIT 1) u ON true
    LEFT JOIN LATERAL (SELECT code FROM classification.geo_districts
                        WHERE u.code IS NULL AND ST_Intersects(geom, p.g) ORDER BY code LIMIT 1) d ON true
    LEFT JOIN classification.geo_districts dn ON dn.code = coalesce(u.district_code, d.code)
    LEFT JOIN LATERAL (SELECT code, owner_agency_id FROM classification.geo_components
                        WHERE $4::float8 > 0 AND ST_DWithin(geom::geography, p.g::geography, $4::float8)
                        ORDER BY geom::geography <-> p.g::geography LIMIT 1) c ON true`;

/** [lng, lat] in each datum a city may be stored in. */
export type CityPositions = Readonly<Record<CityDatum, readonly [number, number]>>;

/** A position given in `from`, converted to each datum a city may be stored in. */
export const inCityDatums = (position: readonly [number, number], from: Datum): CityPositions =>
  Object.fromEntries(CITY_DATUMS.map((to) => [to, convertPosition(position, from, to)])) as Record<CityDatum, [number, number]>;

/** A position read from the places themselves: already in the stored datum, whichever that is. */
export const asStored = (position: readonly [number, number]): CityPositions =>
  Object.fromEntries(CITY_DATUMS.map((datum) => [datum, position])) as Record<CityDatum, [number, number]>;

/** POINT_SQL's parameters. */
export const pointParameters = (positions: CityPositions, toleranceM: number): unknown[] => [
  CITY_DATUMS,
  CITY_DATUMS.map((datum) => positions[datum][0]),
  CITY_DATUMS.map((datum) => positions[datum][1]),
  toleranceM,
];

interface PointRow {
  district_code: string | null;
  district_name: string | null;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
  component_code: string | null;
  owner_agency_id: string | null;
}

/**
 * What a case says about its place: the report itself, except that the centre's filing (立案) of a grid
 * report may name or correct the component (case.filed componentCode), and then that one counts.
 */
export function placeInputOf(report: CasePlaceInput, cause: CaseEvent): CasePlaceInput {
  const filedComponent = cause.type === 'case.filed' ? cause.payload.componentCode : null;
  return filedComponent ? { ...report, componentCode: filedComponent } : report;
}

@Injectable()
export class PlaceResolver {
  constructor(
    @Inject(PLACE_SETTINGS) private readonly settings: PlaceSettings,
    private readonly gazetteer: GazetteerCache,
  ) {}

  async locate(manager: EntityManager, input: CasePlaceInput): Promise<LocatedPlace> {
    const named = await this.namedComponent(manager, input.componentCode);
    let point: PointHit | null = null;
    let nearby: { code: string; ownerAgencyId: string } | null = null;
    // The case's own position; else the position of the component it names.
    const given = input.location;
    const positions = given ? inCityDatums([given.lng, given.lat], given.datum ?? DEFAULT_INCOMING_DATUM) : named && asStored(named.position);
    if (positions) {
      const tolerance = named ? 0 : this.settings.componentToleranceM;
      const [row] = await manager.query<PointRow[]>(POINT_SQL, pointParameters(positions, tolerance));
      if (row?.district_code) {
        point = {
          districtCode: row.district_code.trim(),
          districtName: row.district_name ?? '',
          streetCode: trimmed(row.street_code),
          communityCode: trimmed(row.community_code),
          gridCode: trimmed(row.grid_code),
        };
      }
      if (row?.component_code && row.owner_agency_id) nearby = { code: row.component_code, ownerAgencyId: row.owner_agency_id };
    }
    const text = placeText(input);
    const hits = text ? (await this.gazetteer.current()).namesIn(text) : [];
    const component = named ? { code: named.code, ownerAgencyId: named.ownerAgencyId } : nearby;
    return combinePlace(point, pickPlaceByName(text, hits), component);
  }

  private async namedComponent(manager: EntityManager, code: string | undefined) {
    if (!code) return null;
    const [row] = await manager.query<Array<{ code: string; owner_agency_id: string; lng: number; lat: number }>>(
      'SELECT code, owner_agency_id, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM classification.geo_components WHERE code = $1',
      [code],
    );
    return row ? { code: row.code, ownerAgencyId: row.owner_agency_id, position: [row.lng, row.lat] as [number, number] } : null;
  }
}
