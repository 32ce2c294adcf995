import { districtGovernmentId, streetOfficesOfDistrict } from './agencies';
import { CATEGORY_CODES, type CategoryCode } from './categories';
import { DISTRICTS } from './districts';

/** The demo city's edition of its dispatch catalogue; dispatch imports it as its published version 1. */
export const ROUTING_CATALOGUE_EDITION = '2026.1';

/**
 * One line of the dispatch catalogue (派单目录): category (× district) → handling unit. Rules are
 * ordered and the first that matches wins; a case no rule covers goes to its district government
 * when the district is known (兜底, dispatch's own fallback), else to a dispatcher.
 */
export interface RoutingRule {
  readonly ruleId: string;
  readonly category: CategoryCode;
  /** null matches any district, and also a case whose district is unknown. */
  readonly districtCode: string | null;
  readonly agencyId: string;
}

export interface RoutingCatalogue {
  readonly edition: string;
  readonly rules: readonly RoutingRule[];
}

type Target = { to: 'street' } | { to: 'district' } | { to: 'agency'; agencyId: string };
const STREET: Target = { to: 'street' };
const DISTRICT: Target = { to: 'district' };
const agency = (agencyId: string): Target => ({ to: 'agency', agencyId });

// Who handles what. Beijing sends many livelihood matters to the district's own bureau (part of
// the district government here); the demo uses the city department to keep city-wide routing visible.
const TARGETS: Readonly<Record<CategoryCode, Target>> = {
  water_supply: agency('utility-water'),
  power_supply: agency('utility-power'),
  gas_supply: agency('utility-gas'),
  heating: agency('utility-heating'),
  gas_leak: agency('utility-gas'), // intake also transfers to 119; the gas company makes it safe
  public_safety_hazard: DISTRICT,
  noise: STREET,
  street_order: STREET,
  illegal_construction: STREET,
  sanitation: STREET,
  road_damage: agency('city-transport'),
  street_light: agency('city-urban-management'),
  parking: STREET,
  traffic: agency('city-transport'),
  property_management: STREET,
  housing: agency('city-housing'),
  labour_wages: agency('city-human-resources'),
  education: agency('city-education'),
  health: agency('city-health'),
  civil_affairs: DISTRICT,
  market_regulation: agency('city-market-regulation'),
  environment_pollution: agency('city-ecology'),
  greening: agency('city-landscape'),
  other: DISTRICT,
};

function buildRules(): RoutingRule[] {
  const districtRules: RoutingRule[] = [];
  const cityWideRules: RoutingRule[] = [];
  for (const category of CATEGORY_CODES) {
    const target = TARGETS[category];
    if (target.to === 'agency') {
      cityWideRules.push({ ruleId: `${category}-any`, category, districtCode: null, agencyId: target.agencyId });
      continue;
    }
    for (const d of DISTRICTS) {
      // In reality the street is chosen from the case's grid cell / street polygon, which the demo
      // does not have: street-level matters go to the district's first street office.
      const agencyId =
        target.to === 'street' ? streetOfficesOfDistrict(d.adcode)[0].agencyId : districtGovernmentId(d.adcode);
      districtRules.push({ ruleId: `${category}-${d.adcode}`, category, districtCode: d.adcode, agencyId });
    }
  }
  // The more specific first: a rule for the district before any city-wide one.
  return [...districtRules, ...cityWideRules];
}

export const ROUTING_RULES: readonly RoutingRule[] = buildRules();

export const ROUTING_CATALOGUE: RoutingCatalogue = { edition: ROUTING_CATALOGUE_EDITION, rules: ROUTING_RULES };
