/** The kinds of handling unit that are ranked among themselves (street offices among street offices …). */
export const AGENCY_KINDS = ['street_office', 'district_government', 'city_department', 'utility', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

// The agency ids dispatch publishes are readable and typed by their prefix ('street-110105001', 'gov-110105',
// 'city-urban-management', 'utility-water'; see the reference data in libs/demo-city): the only thing about a
// unit's kind that reaches assessment through events.
const KIND_BY_PREFIX: ReadonlyArray<readonly [string, AgencyKind]> = [
  ['street-', 'street_office'],
  ['gov-', 'district_government'],
  ['city-', 'city_department'],
  ['utility-', 'utility'],
];

export function kindOfAgency(agencyId: string): AgencyKind {
  return KIND_BY_PREFIX.find(([prefix]) => agencyId.startsWith(prefix))?.[1] ?? 'other';
}
