import { getAgency, streetOfficesOfDistrict } from './agencies';
import { CATEGORY_CODES, getCategory } from './categories';
import { DISTRICTS } from './districts';
import { ROUTING_CATALOGUE, ROUTING_RULES, resolveRoute, type RoutingRule } from './routing-catalogue';

const rule = (ruleId: string, category: RoutingRule['category'], districtCode: string | null, priority: number): RoutingRule => ({
  ruleId,
  category,
  districtCode,
  agencyId: `agency-of-${ruleId}`,
  priority,
});

describe('routing catalogue', () => {
  it('is version 2026.1 with unique rule ids', () => {
    expect(ROUTING_CATALOGUE.version).toBe('2026.1');
    expect(new Set(ROUTING_RULES.map((r) => r.ruleId)).size).toBe(ROUTING_RULES.length);
  });

  it('only references agencies that exist', () => {
    for (const r of ROUTING_RULES) expect(getAgency(r.agencyId)).toBeDefined();
  });

  it('routes every category in every district by a rule for that category', () => {
    for (const d of DISTRICTS) {
      for (const category of CATEGORY_CODES) {
        const found = resolveRoute({ category, districtCode: d.adcode }, ROUTING_RULES);
        expect(found?.category).toBe(category);
        const agency = getAgency(found?.agencyId ?? '');
        // A district-bound unit must be the case's own district.
        expect(agency?.districtCode ?? d.adcode).toBe(d.adcode);
      }
    }
  });

  it('sends utility matters to the utility company city-wide', () => {
    expect(resolveRoute({ category: 'heating', districtCode: '110108' }, ROUTING_RULES)?.agencyId).toBe('utility-heating');
    expect(resolveRoute({ category: 'water_supply', districtCode: null }, ROUTING_RULES)?.agencyId).toBe('utility-water');
    expect(resolveRoute({ category: 'gas_leak', districtCode: '110119' }, ROUTING_RULES)?.agencyId).toBe('utility-gas');
  });

  it("sends street-level matters to the district's first street office", () => {
    for (const d of DISTRICTS) {
      const found = resolveRoute({ category: 'noise', districtCode: d.adcode }, ROUTING_RULES);
      expect(found?.agencyId).toBe(streetOfficesOfDistrict(d.adcode)[0].agencyId);
    }
    expect(resolveRoute({ category: 'sanitation', districtCode: '110105' }, ROUTING_RULES)?.agencyId).toBe('street-110105001');
  });

  it('falls back to the district government for an unknown category', () => {
    expect(resolveRoute({ category: 'alien_landing', districtCode: '110105' }, ROUTING_RULES)).toMatchObject({
      ruleId: 'fallback-110105',
      agencyId: 'gov-110105',
    });
  });

  it('leaves a district-level matter without a district to the dispatchers', () => {
    expect(resolveRoute({ category: 'noise', districtCode: null }, ROUTING_RULES)).toBeNull();
    expect(resolveRoute({ category: 'noise', districtCode: '999999' }, ROUTING_RULES)).toBeNull();
  });

  it('routes city-level matters to their department even without a district', () => {
    expect(resolveRoute({ category: 'labour_wages', districtCode: null }, ROUTING_RULES)?.agencyId).toBe('city-human-resources');
    expect(getCategory('market_regulation')).toBeDefined();
    expect(resolveRoute({ category: 'market_regulation', districtCode: '110101' }, ROUTING_RULES)?.agencyId).toBe('city-market-regulation');
  });

  it('prefers the higher priority, then the more specific rule, then the earlier one', () => {
    const rules = [
      rule('any', null, null, 10),
      rule('cat', 'noise', null, 50),
      rule('cat-district', 'noise', '110105', 50),
      rule('late', 'noise', '110105', 50),
    ];
    expect(resolveRoute({ category: 'noise', districtCode: '110105' }, rules)?.ruleId).toBe('cat-district');
    expect(resolveRoute({ category: 'noise', districtCode: '110101' }, rules)?.ruleId).toBe('cat');
    expect(resolveRoute({ category: 'heating', districtCode: '110101' }, rules)?.ruleId).toBe('any');
    expect(resolveRoute({ category: 'noise', districtCode: '110105' }, [rule('high', null, null, 99), ...rules])?.ruleId).toBe('high');
    expect(resolveRoute({ category: 'noise', districtCode: '110105' }, [])).toBeNull();
  });
});
