import type { Datum } from '@hotline/contracts';

/**
 * 属地: where a case is. The places live in PostGIS (geography/place-resolver.ts runs the lookups); this
 * module holds the pure rules that combine what the position and the text say.
 */
export interface CasePlaceInput {
  readonly location: { readonly lat: number; readonly lng: number; readonly datum?: Datum } | null;
  readonly address: string | null;
  readonly title: string | null;
  readonly description: string;
  readonly componentCode?: string;
}

export type DistrictSource = 'location' | 'text';

export interface LocatedPlace {
  readonly districtCode: string | null;
  readonly districtName: string | null;
  readonly streetCode: string | null;
  /** How the district was found; null when neither the location nor the text named one. */
  readonly districtSource: DistrictSource | null;
  readonly gridCode?: string;
  readonly communityCode?: string;
  readonly componentCode?: string;
  readonly componentOwnerId?: string;
}

/** What the position hit: a unit grid (all codes) or only a district outline (no grid covers it). */
export interface PointHit {
  readonly districtCode: string;
  readonly districtName: string;
  readonly streetCode: string | null;
  readonly communityCode: string | null;
  readonly gridCode: string | null;
}

/** A gazetteer name found in the text. */
export interface NameHit {
  readonly name: string;
  readonly full: boolean;
  readonly districtCode: string;
  readonly districtName: string;
  readonly streetCode: string | null;
  readonly communityCode: string | null;
}

export interface NamedPlace {
  readonly districtCode: string;
  readonly districtName: string;
  readonly streetCode: string | null;
  readonly communityCode: string | null;
  /** The name that decided the district. */
  readonly matched: string;
}

export const NOWHERE: LocatedPlace = { districtCode: null, districtName: null, streetCode: null, districtSource: null };

export const placeText = (input: Pick<CasePlaceInput, 'address' | 'title' | 'description'>): string =>
  [input.address, input.title, input.description].filter((part): part is string => Boolean(part)).join('\n');

/**
 * The place the text names: every occurrence of every gazetteer name is a hit; a hit inside a longer one
 * does not count (朝阳 in 朝阳门); full names (朝阳区, 望京街道) beat short forms (朝阳, 望京), then the
 * earliest, then the longest wins the district; the street and community are the first hits that lie in it.
 */
export function pickPlaceByName(text: string, names: readonly NameHit[]): NamedPlace | null {
  const hits: Array<{ name: NameHit; start: number; end: number }> = [];
  for (const name of names) {
    for (let i = text.indexOf(name.name); i !== -1 && name.name.length > 0; i = text.indexOf(name.name, i + 1)) {
      hits.push({ name, start: i, end: i + name.name.length });
    }
  }
  const kept = hits.filter((h) => !hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  kept.sort((a, b) => Number(b.name.full) - Number(a.name.full) || a.start - b.start || b.end - a.end);
  const best = kept[0];
  if (!best) return null;
  const { districtCode, districtName } = best.name;
  const inDistrict = kept.filter((h) => h.name.districtCode === districtCode);
  const streetCode = inDistrict.find((h) => h.name.streetCode)?.name.streetCode ?? null;
  const communityCode =
    inDistrict.find((h) => h.name.communityCode && (streetCode === null || h.name.streetCode === streetCode))?.name.communityCode ?? null;
  return { districtCode, districtName, streetCode, communityCode, matched: best.name.name };
}

/**
 * A position inside a district decides the district (and, on a unit grid, the street, community and grid);
 * otherwise the text does. A street or community named in the text fills in only what the position left
 * open, and only inside the district found. A component (named, or within tolerance) adds its code and owner.
 */
export function combinePlace(
  point: PointHit | null,
  named: NamedPlace | null,
  component: { readonly code: string; readonly ownerAgencyId: string } | null,
): LocatedPlace {
  const withComponent = (place: LocatedPlace): LocatedPlace =>
    component ? { ...place, componentCode: component.code, componentOwnerId: component.ownerAgencyId } : place;
  if (point) {
    const sameDistrict = named?.districtCode === point.districtCode ? named : null;
    const streetCode = point.streetCode ?? sameDistrict?.streetCode ?? null;
    const communityCode = point.communityCode ?? (sameDistrict?.streetCode === streetCode ? sameDistrict?.communityCode : null) ?? null;
    return withComponent({
      districtCode: point.districtCode,
      districtName: point.districtName,
      streetCode,
      districtSource: 'location',
      ...(point.gridCode ? { gridCode: point.gridCode } : {}),
      ...(communityCode ? { communityCode } : {}),
    });
  }
  if (named) {
    return withComponent({
      districtCode: named.districtCode,
      districtName: named.districtName,
      streetCode: named.streetCode,
      districtSource: 'text',
      ...(named.communityCode ? { communityCode: named.communityCode } : {}),
    });
  }
  return withComponent(NOWHERE);
}
