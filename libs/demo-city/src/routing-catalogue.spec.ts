import { getAgency, streetOfficesOfDistrict } from './agencies';
import { CATEGORY_CODES, getCategory } from './categories';
import { DISTRICTS } from './districts';
import { ROUTING_CATALOGUE, ROUTING_RULES, type RoutingRule } from './routing-catalogue';

// First match wins, as dispatch reads the catalogue.
const routeOf = (category: string, districtCode: string | null): RoutingRule | undefined =>
  ROUTING_RULES.find((r) => r.category === category && (r.districtCode === null || r.districtCode === districtCode));

describe('routing catalogue', () => {
  it('is edition 2026.1 with unique rule ids', () => {
    expect(ROUTING_CATALOGUE.edition).toBe('2026.1');
    expect(new Set(ROUTING_RULES.map((r) => r.ruleId)).size).toBe(ROUTING_RULES.length);
  });

  it('only references agencies that exist', () => {
    for (const r of ROUTING_RULES) expect(getAgency(r.agencyId)).toBeDefined();
  });

  it('routes every category in every district by a rule for that category', () => {
    for (const d of DISTRICTS) {
      for (const category of CATEGORY_CODES) {
        const found = routeOf(category, d.adcode);
        expect(found?.category).toBe(category);
        const agency = getAgency(found?.agencyId ?? '');
        // A district-bound unit must be the case's own district.
        expect(agency?.districtCode ?? d.adcode).toBe(d.adcode);
      }
    }
  });

  it('sends utility matters to the utility company city-wide', () => {
    expect(routeOf('heating', '110108')?.agencyId).toBe('utility-heating');
    expect(routeOf('water_supply', null)?.agencyId).toBe('utility-water');
    expect(routeOf('gas_leak', '110119')?.agencyId).toBe('utility-gas');
  });

  it("sends street-level matters to the district's first street office", () => {
    for (const d of DISTRICTS) expect(routeOf('noise', d.adcode)?.agencyId).toBe(streetOfficesOfDistrict(d.adcode)[0].agencyId);
    expect(routeOf('sanitation', '110105')?.agencyId).toBe('street-110105001');
  });

  it('has no catch-all rule: the district fallback (兜底) is dispatch\'s own', () => {
    expect(routeOf('alien_landing', '110105')).toBeUndefined();
    expect(ROUTING_RULES.every((r) => r.category !== null)).toBe(true);
  });

  it('leaves a district-level matter without a district to the dispatchers', () => {
    expect(routeOf('noise', null)).toBeUndefined();
    expect(routeOf('noise', '999999')).toBeUndefined();
  });

  it('routes city-level matters to their department even without a district', () => {
    expect(routeOf('labour_wages', null)?.agencyId).toBe('city-human-resources');
    expect(getCategory('market_regulation')).toBeDefined();
    expect(routeOf('market_regulation', '110101')?.agencyId).toBe('city-market-regulation');
  });
});
