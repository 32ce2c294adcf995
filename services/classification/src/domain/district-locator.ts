import { findDistrictByPoint, findPlaceByText } from '@hotline/demo-city';

export interface CasePlaceInput {
  readonly location: { readonly lat: number; readonly lng: number } | null;
  readonly address: string | null;
  readonly title: string | null;
  readonly description: string;
}

export type DistrictSource = 'location' | 'text';

export interface LocatedPlace {
  readonly districtCode: string | null;
  readonly districtName: string | null;
  readonly streetCode: string | null;
  /** How the district was found; null when neither the location nor the text named one. */
  readonly districtSource: DistrictSource | null;
}

const NOWHERE: LocatedPlace = { districtCode: null, districtName: null, streetCode: null, districtSource: null };

/**
 * 属地: a location inside a district outline decides the district; otherwise the address, then the
 * title and description, are read for a place name. A street named in the text is kept only when it
 * lies in the district found.
 */
export function locatePlace(input: CasePlaceInput): LocatedPlace {
  const text = [input.address, input.title, input.description].filter((part): part is string => Boolean(part)).join('\n');
  const place = findPlaceByText(text);
  const byPoint = input.location ? findDistrictByPoint(input.location.lat, input.location.lng) : null;
  if (byPoint) {
    const streetCode = place?.district.adcode === byPoint.adcode ? (place.street?.code ?? null) : null;
    return { districtCode: byPoint.adcode, districtName: byPoint.name, streetCode, districtSource: 'location' };
  }
  if (place) {
    return { districtCode: place.district.adcode, districtName: place.district.name, streetCode: place.street?.code ?? null, districtSource: 'text' };
  }
  return NOWHERE;
}
