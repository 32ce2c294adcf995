import gcoord from 'gcoord';
import { DATUMS, type Datum } from '@hotline/contracts';

export { DATUMS, type Datum };

/**
 * Geodetic datums a position may be given in. WGS-84 is GPS and Open311 (GeoReport v2 `lat`/`long`);
 * GCJ-02 is the offset datum Chinese web maps (AMap/Tencent) and, very likely, the Beijing outlines use;
 * BD-09 is Baidu Maps' further offset of GCJ-02. Positions arriving without one are taken as WGS-84
 * (see README, Geography).
 */
export const DEFAULT_INCOMING_DATUM: Datum = 'WGS-84';

/** The datums a city's places may be stored in (geo_city.datum, city.json `datum`). */
export const CITY_DATUMS = ['WGS-84', 'GCJ-02'] as const satisfies readonly Datum[];
export type CityDatum = (typeof CITY_DATUMS)[number];

const CRS = { 'WGS-84': gcoord.WGS84, 'GCJ-02': gcoord.GCJ02, 'BD-09': gcoord.BD09 } as const satisfies Record<Datum, unknown>;

/**
 * [lng, lat] moved from one datum to another by gcoord (the offset is applied inside China only; outside it
 * GCJ-02 equals WGS-84, so such points come back unchanged).
 */
export function convertPosition(position: readonly [number, number], from: Datum, to: Datum): [number, number] {
  if (from === to) return [position[0], position[1]];
  const [lng, lat] = gcoord.transform([position[0], position[1]], CRS[from], CRS[to]);
  return [lng, lat];
}
