import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { batchWorkIn, type BatchWork } from '@hotline/messaging';
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
 * (a one-time filter skips that probe otherwise). The nearest component within the lookup's tolerance in
 * metres (GiST on geom::geography, KNN order) comes back in the same round trip. Each position comes in
 * every datum a city may be stored in, and the statement takes the one geo_city names: the datum is read
 * with the places, in the same snapshot, so a city re-imported in another datum is used at once and costs
 * no extra round trip. Several positions go in one statement (a consumer batch's cases): each answer row
 * carries its lookup's index `i` ($1 indexes, $2 datums, $3 longitudes, $4 latitudes, $5 tolerances, one
 * element per lookup and datum). No city loaded: no row.
 */
export const POINT_SQL = `
  WITH p AS (SELECT at.i, ST_SetSRID(ST_MakePoint(at.lng, at.lat), 4326) AS g, at.tolerance
               FROM classification.geo_city city
               JOIN unnest($1::int[], $2::text[], $3::float8[], $4::float8[], $5::float8[]) AS at (i, datum, lng, lat, tolerance)
                 ON at.datum = city.datum)
  SELECT p.i, coalesce(u.district_code, d.code) AS district_code, dn.name AS district_name,
         u.street_code, u.community_code, u.code AS grid_code, c.code AS component_code, c.owner_agency_id
    FROM p
    LEFT JOIN LATERAL (SELECT code, community_code, street_code, district_code FROM classification.geo_unit_grids
                        WHERE ST_Intersects(geom, p.g) ORDER BY code LIMIT 1) u ON true
    LEFT JOIN LATERAL (SELECT code FROM classification.geo_districts
                        WHERE u.code IS NULL AND ST_Intersects(geom, p.g) ORDER BY code LIMIT 1) d ON true
    LEFT JOIN classification.geo_districts dn ON dn.code = coalesce(u.district_code, d.code)
    LEFT JOIN LATERAL (SELECT code, owner_agency_id FROM classification.geo_components
                        WHERE p.tolerance > 0 AND ST_DWithin(geom::geography, p.g::geography, p.tolerance)
                        ORDER BY geom::geography <-> p.g::geography LIMIT 1) c ON true`;

/** [lng, lat] in each datum a city may be stored in. */
export type CityPositions = Readonly<Record<CityDatum, readonly [number, number]>>;

/** One position to look up, and how far from it (metres) a component still concerns it (0: none). */
export interface PointLookup {
  readonly positions: CityPositions;
  readonly toleranceM: number;
}

/** A position given in `from`, converted to each datum a city may be stored in. */
export const inCityDatums = (position: readonly [number, number], from: Datum): CityPositions =>
  Object.fromEntries(CITY_DATUMS.map((to) => [to, convertPosition(position, from, to)])) as Record<CityDatum, [number, number]>;

/** Where a case says it is (no datum: GPS's WGS-84), in each datum a city may be stored in. */
const reportedPositions = (location: { lng: number; lat: number; datum?: Datum | null }): CityPositions =>
  inCityDatums([location.lng, location.lat], location.datum ?? DEFAULT_INCOMING_DATUM);

/** A position read from the places themselves: already in the stored datum, whichever that is. */
export const asStored = (position: readonly [number, number]): CityPositions =>
  Object.fromEntries(CITY_DATUMS.map((datum) => [datum, position])) as Record<CityDatum, [number, number]>;

/** POINT_SQL's parameters: the answer row for `lookups[i]` has `i`. */
export const pointParameters = (lookups: readonly PointLookup[]): unknown[] => {
  const each = <T>(value: (lookup: PointLookup, index: number, datum: CityDatum) => T): T[] =>
    lookups.flatMap((lookup, index) => CITY_DATUMS.map((datum) => value(lookup, index, datum)));
  return [
    each((_, index) => index),
    each((_, __, datum) => datum),
    each((lookup, _, datum) => lookup.positions[datum][0]),
    each((lookup, _, datum) => lookup.positions[datum][1]),
    each((lookup) => lookup.toleranceM),
  ];
};

interface PointRow {
  i: number;
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
    const positions = given ? reportedPositions(given) : named && asStored(named.position);
    if (positions) {
      const toleranceM = named ? 0 : this.settings.componentToleranceM;
      const row = await this.pointLookups(manager).find({ positions, toleranceM });
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

  /**
   * Inside a consumer batch, one lookup for the batch: its first case reads the places of every received
   * case of the batch that gives a position, in one statement, and the others find theirs there.
   */
  private pointLookups(manager: EntityManager): PointLookups {
    return batchWorkIn(manager, POINT_LOOKUPS, (events) => new PointLookups(manager, events.flatMap((event) => this.lookupAhead(event)))) ?? new PointLookups(manager, []);
  }

  /** The lookup `locate` will make for a received case, as far as its event tells (none for a grid report, which waits for filing). */
  private lookupAhead(event: CaseEvent): PointLookup[] {
    if (event.type !== 'case.received' || event.payload.channel === 'grid' || event.payload.componentCode) return [];
    const given = event.payload.location;
    if (!given) return [];
    return [{ positions: reportedPositions(given), toleranceM: this.settings.componentToleranceM }];
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

const POINT_LOOKUPS = Symbol('classification.point-lookups');

const keyOf = ({ positions, toleranceM }: PointLookup): string => `${toleranceM}|${CITY_DATUMS.map((datum) => positions[datum].join(',')).join('|')}`;

/**
 * Point lookups on one transaction. The first `find` reads its own position together with every one
 * expected ahead (the batch's other received cases) in one statement; a position nobody expected is read
 * alone. An answer is kept for the transaction: the places do not change under a case (a city import
 * replaces them in a transaction of its own).
 */
class PointLookups implements BatchWork {
  private readonly answers = new Map<string, Promise<PointRow | undefined>>();

  constructor(
    private readonly manager: EntityManager,
    private readonly ahead: readonly PointLookup[],
  ) {}

  find(lookup: PointLookup): Promise<PointRow | undefined> {
    const key = keyOf(lookup);
    const known = this.answers.get(key);
    if (known) return known;
    const wanted = new Map([[key, lookup]]);
    // The first lookup on the transaction reads the expected ones too.
    if (this.answers.size === 0) for (const expected of this.ahead) if (!wanted.has(keyOf(expected))) wanted.set(keyOf(expected), expected);
    const lookups = [...wanted.values()];
    const rows = this.manager.query<PointRow[]>(POINT_SQL, pointParameters(lookups)).then((all) => new Map(all.map((row) => [row.i, row])));
    [...wanted.keys()].forEach((wantedKey, index) => {
      const answer = rows.then((byIndex) => byIndex.get(index));
      // Only the caller's answer is awaited now; a failed statement fails the batch through it, not as an unhandled rejection.
      answer.catch(() => undefined);
      this.answers.set(wantedKey, answer);
    });
    return this.answers.get(key)!;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
