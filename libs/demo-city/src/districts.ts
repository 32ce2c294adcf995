import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import districtsFile from './data/districts.json';
import streetsFile from './data/streets.json';

/** GeoJSON order: [lng, lat]. */
export type Position = [number, number];
export type BBox = [number, number, number, number];
export type DistrictGeometry =
  | { type: 'Polygon'; bbox: BBox; coordinates: Position[][] }
  | { type: 'MultiPolygon'; bbox: BBox; coordinates: Position[][][] };

export interface District {
  /** 6-digit GB/T 2260 code, e.g. '110105'. */
  readonly adcode: string;
  /** Full name, e.g. '朝阳区'. */
  readonly name: string;
  /** Name without 区, e.g. '朝阳'. */
  readonly shortName: string;
  /** The source's representative point (the district seat), [lng, lat]. */
  readonly center: Position;
  /** Simplified outline; likely GCJ-02 like its source. */
  readonly geometry: DistrictGeometry;
}

export const STREET_KINDS = ['subdistrict', 'town', 'township', 'development_zone'] as const;
export type StreetKind = (typeof STREET_KINDS)[number];

/** A 街道/乡镇 (or a development zone, which has a code but is not one of the 343 streets). */
export interface Street {
  /** 9-digit code, e.g. '110105026'. */
  readonly code: string;
  readonly name: string;
  readonly districtCode: string;
  readonly kind: StreetKind;
}

// JSON imports are typed loosely (string, number[]); the generator guarantees the narrower shapes.
export const DISTRICTS: readonly District[] = (districtsFile.districts as unknown as Omit<District, 'shortName'>[]).map(
  (d) => Object.freeze({ ...d, shortName: d.name.replace(/区$/, '') }),
);
export const STREETS: readonly Street[] = streetsFile.streets as unknown as Street[];

const districtByCode = new Map(DISTRICTS.map((d) => [d.adcode, d]));
const streetByCode = new Map(STREETS.map((s) => [s.code, s]));

export function getDistrict(adcode: string): District | undefined {
  return districtByCode.get(adcode);
}

export function getStreet(code: string): Street | undefined {
  return streetByCode.get(code);
}

/** Streets of a district in code order; `kind` narrows to e.g. 'subdistrict'. */
export function streetsOfDistrict(adcode: string, kind?: StreetKind): readonly Street[] {
  return STREETS.filter((s) => s.districtCode === adcode && (kind === undefined || s.kind === kind));
}

/**
 * The district containing the point, or null outside Beijing. The outlines are most likely GCJ-02
 * (Chinese map SDKs); a raw WGS-84 GPS fix is ~500 m off, so points close to a border may land in
 * the neighbour. Outlines are simplified (~100 m), so neighbours may overlap or gap slightly.
 */
export function findDistrictByPoint(lat: number, lng: number): District | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  return DISTRICTS.find((d) => booleanPointInPolygon([lng, lat], d.geometry)) ?? null;
}

// Street short names that are ordinary words or name other places in the city (e.g. 鼓楼 is a
// 密云 street but also a landmark in 东城/西城); they only match with their suffix.
const GENERIC_SHORT_NAMES = new Set(
  '光明 胜利 新华 城关 城北 城南 城子 向阳 迎风 新镇 星城 鼓楼 果园 新村 中仓 北苑 东湖 龙山 滨河 曙光 温泉 平房 古城 清河 龙潭 荣华 仁和 石园 文景 永顺 清源 兴丰 博兴 兴谷 百泉 儒林 泉河 光华 和义 东升'.split(' '),
);

interface PlaceAlias {
  readonly text: string;
  readonly district: District;
  readonly street: Street | null;
  /** Full name (朝阳区, 望京街道) rather than a short form (朝阳, 望京). */
  readonly full: boolean;
}

function buildAliases(): PlaceAlias[] {
  const aliases: PlaceAlias[] = DISTRICTS.flatMap((d) => [
    { text: d.name, district: d, street: null, full: true },
    { text: d.shortName, district: d, street: null, full: false },
  ]);
  const shortOf = (s: Street): string =>
    s.kind === 'development_zone' ? '' : s.name.replace(/(街道|地区|满族乡|回族乡|镇|乡)$/, '');
  const shortCounts = new Map<string, number>();
  for (const s of STREETS) shortCounts.set(shortOf(s), (shortCounts.get(shortOf(s)) ?? 0) + 1);
  const districtShort = new Set(DISTRICTS.map((d) => d.shortName));
  for (const s of STREETS) {
    const district = districtByCode.get(s.districtCode);
    if (!district) continue;
    aliases.push({ text: s.name, district, street: s, full: true });
    const short = shortOf(s);
    // Skip short forms that are too short, ambiguous (八里庄 is in 朝阳 and 海淀), a district's name or generic.
    const usable =
      short.length >= 2 && shortCounts.get(short) === 1 && !districtShort.has(short) && !GENERIC_SHORT_NAMES.has(short);
    if (usable && short !== s.name) aliases.push({ text: short, district, street: s, full: false });
  }
  return aliases;
}

const PLACE_ALIASES = buildAliases();

export interface PlaceMatch {
  readonly district: District;
  /** The street named in the text, when it belongs to the chosen district. */
  readonly street: Street | null;
  /** The text that decided the district. */
  readonly matched: string;
}

/**
 * Finds the place named in an address or description: full names (朝阳区, 望京街道) beat short
 * forms (朝阳, 望京), a name inside a longer one does not count (朝阳 in 朝阳门), then the earliest wins.
 */
export function findPlaceByText(text: string): PlaceMatch | null {
  const hits: Array<{ alias: PlaceAlias; start: number; end: number }> = [];
  for (const alias of PLACE_ALIASES) {
    for (let i = text.indexOf(alias.text); i !== -1; i = text.indexOf(alias.text, i + 1)) {
      hits.push({ alias, start: i, end: i + alias.text.length });
    }
  }
  const kept = hits.filter(
    (h) => !hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  );
  kept.sort((a, b) => Number(b.alias.full) - Number(a.alias.full) || a.start - b.start || b.end - a.end);
  const best = kept[0];
  if (!best) return null;
  const district = best.alias.district;
  const street = kept.find((h) => h.alias.street && h.alias.district === district)?.alias.street ?? null;
  return { district, street, matched: best.alias.text };
}

/** The district named in an address or description (with or without 区, or via a street name). */
export function findDistrictByText(text: string): District | null {
  return findPlaceByText(text)?.district ?? null;
}

/** The names findPlaceByText matches (full names and their usable short forms), for a gazetteer. */
export function placeNames(): ReadonlyArray<{ readonly name: string; readonly districtCode: string; readonly streetCode: string | null; readonly full: boolean }> {
  return PLACE_ALIASES.map((a) => ({ name: a.text, districtCode: a.district.adcode, streetCode: a.street?.code ?? null, full: a.full }));
}
