import { DISTRICTS, streetsOfDistrict } from './districts';

export const AGENCY_KINDS = ['district_government', 'street_office', 'city_department', 'utility'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** A handling unit (承办单位). */
export interface Agency {
  /** Stable readable id, e.g. 'gov-110105', 'street-110105001', 'city-urban-management', 'utility-water'. */
  readonly agencyId: string;
  readonly name: string;
  readonly kind: AgencyKind;
  /** null for city-wide units. */
  readonly districtCode: string | null;
  /** A street office's district government (it is copied on the street's orders); null otherwise. */
  readonly parentAgencyId: string | null;
  /** The 9-digit street code of a street office; null otherwise. */
  readonly streetCode: string | null;
}

/** The demo staffs only the first few 街道/地区 offices of each district (by code). */
export const STREET_OFFICES_PER_DISTRICT = 4;

export const districtGovernmentId = (districtCode: string): string => `gov-${districtCode}`;
export const streetOfficeId = (streetCode: string): string => `street-${streetCode}`;

const cityWide = (agencyId: string, name: string, kind: AgencyKind): Agency => ({
  agencyId,
  name,
  kind,
  districtCode: null,
  parentAgencyId: null,
  streetCode: null,
});

export const CITY_DEPARTMENTS: readonly Agency[] = [
  cityWide('city-urban-management', '北京市城市管理委员会', 'city_department'),
  cityWide('city-housing', '北京市住房和城乡建设委员会', 'city_department'),
  cityWide('city-transport', '北京市交通委员会', 'city_department'),
  cityWide('city-market-regulation', '北京市市场监督管理局', 'city_department'),
  cityWide('city-human-resources', '北京市人力资源和社会保障局', 'city_department'),
  cityWide('city-education', '北京市教育委员会', 'city_department'),
  cityWide('city-health', '北京市卫生健康委员会', 'city_department'),
  cityWide('city-ecology', '北京市生态环境局', 'city_department'),
  cityWide('city-landscape', '北京市园林绿化局', 'city_department'),
];

export const UTILITIES: readonly Agency[] = [
  cityWide('utility-water', '北京市自来水集团', 'utility'),
  cityWide('utility-power', '国网北京市电力公司', 'utility'),
  cityWide('utility-gas', '北京燃气集团', 'utility'),
  cityWide('utility-heating', '北京市热力集团', 'utility'),
];

export const DISTRICT_AGENCIES: readonly Agency[] = DISTRICTS.flatMap((d): Agency[] => {
  const government: Agency = {
    agencyId: districtGovernmentId(d.adcode),
    name: `北京市${d.name}人民政府`,
    kind: 'district_government',
    districtCode: d.adcode,
    parentAgencyId: null,
    streetCode: null,
  };
  const offices = streetsOfDistrict(d.adcode, 'subdistrict')
    .slice(0, STREET_OFFICES_PER_DISTRICT)
    .map(
      (s): Agency => ({
        agencyId: streetOfficeId(s.code),
        name: `${d.name}${s.name}办事处`,
        kind: 'street_office',
        districtCode: d.adcode,
        parentAgencyId: government.agencyId,
        streetCode: s.code,
      }),
    );
  return [government, ...offices];
});

export const AGENCIES: readonly Agency[] = [...DISTRICT_AGENCIES, ...CITY_DEPARTMENTS, ...UTILITIES];

const byId = new Map(AGENCIES.map((a) => [a.agencyId, a]));

export function getAgency(agencyId: string): Agency | undefined {
  return byId.get(agencyId);
}

/** Street offices of a district in code order; the first is the demo's default street. */
export function streetOfficesOfDistrict(districtCode: string): readonly Agency[] {
  return DISTRICT_AGENCIES.filter((a) => a.kind === 'street_office' && a.districtCode === districtCode);
}
