import { districtGovernmentId, streetOfficesOfDistrict } from './agencies';
import { CATEGORY_CODES, type CategoryCode } from './categories';
import { DISTRICTS } from './districts';

export const ROUTING_CATALOGUE_VERSION = '2026.1';

/** One line of the dispatch catalogue (派单目录): category × district → handling unit. */
export interface RoutingRule {
  readonly ruleId: string;
  /** null matches any category (the district fallback). */
  readonly category: CategoryCode | null;
  /** null matches any district, and also a case whose district is unknown. */
  readonly districtCode: string | null;
  readonly agencyId: string;
  /** Higher wins; on a tie the more specific rule, then the earlier one. */
  readonly priority: number;
}

export interface RoutingCatalogue {
  readonly version: string;
  readonly rules: readonly RoutingRule[];
}

export interface RouteQuery {
  /** A category code; an unknown code only matches category-any rules. */
  readonly category: string;
  /** 6-digit district code, or null when the place is unknown. */
  readonly districtCode: string | null;
}

export const ROUTING_PRIORITY = { districtCategory: 100, cityWideCategory: 50, districtFallback: 10 } as const;

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
  const rules: RoutingRule[] = [];
  for (const category of CATEGORY_CODES) {
    const target = TARGETS[category];
    if (target.to === 'agency') {
      const { agencyId } = target;
      rules.push({ ruleId: `${category}-any`, category, districtCode: null, agencyId, priority: ROUTING_PRIORITY.cityWideCategory });
      continue;
    }
    for (const d of DISTRICTS) {
      // In reality the street is chosen from the case's grid cell / street polygon, which the demo
      // does not have: street-level matters go to the district's first street office.
      const agencyId =
        target.to === 'street' ? streetOfficesOfDistrict(d.adcode)[0].agencyId : districtGovernmentId(d.adcode);
      const ruleId = `${category}-${d.adcode}`;
      rules.push({ ruleId, category, districtCode: d.adcode, agencyId, priority: ROUTING_PRIORITY.districtCategory });
    }
  }
  // 兜底: whatever else happens in a known district goes to its government.
  for (const d of DISTRICTS) {
    rules.push({
      ruleId: `fallback-${d.adcode}`,
      category: null,
      districtCode: d.adcode,
      agencyId: districtGovernmentId(d.adcode),
      priority: ROUTING_PRIORITY.districtFallback,
    });
  }
  return rules.sort((a, b) => b.priority - a.priority);
}

export const ROUTING_RULES: readonly RoutingRule[] = buildRules();

export const ROUTING_CATALOGUE: RoutingCatalogue = { version: ROUTING_CATALOGUE_VERSION, rules: ROUTING_RULES };

const specificity = (r: RoutingRule): number => Number(r.category !== null) * 2 + Number(r.districtCode !== null);

/** The rule that decides where the case goes, or null (the centre dispatches it by hand). */
export function resolveRoute(query: RouteQuery, rules: readonly RoutingRule[]): RoutingRule | null {
  let best: RoutingRule | null = null;
  for (const rule of rules) {
    if (rule.category !== null && rule.category !== query.category) continue;
    if (rule.districtCode !== null && rule.districtCode !== query.districtCode) continue;
    const better =
      best === null ||
      rule.priority > best.priority ||
      (rule.priority === best.priority && specificity(rule) > specificity(best));
    if (better) best = rule;
  }
  return best;
}
