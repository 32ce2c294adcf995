import { ROUTING_RULES } from '@hotline/demo-city';
import { resolveRoute, type RouteRule } from './resolve-route';

const rule = (ruleId: string, category: string | null, districtCode: string | null, priority: number): RouteRule => ({
  ruleId,
  category,
  districtCode,
  agencyId: `agency-of-${ruleId}`,
  priority,
});

describe('resolveRoute', () => {
  it('prefers the higher priority, then the more specific rule, then the earlier one', () => {
    const rules = [rule('any', null, null, 10), rule('cat', 'noise', null, 50), rule('cat-district', 'noise', '110105', 50), rule('late', 'noise', '110105', 50)];
    expect(resolveRoute({ category: 'noise', districtCode: '110105' }, rules)?.ruleId).toBe('cat-district');
    expect(resolveRoute({ category: 'noise', districtCode: '110101' }, rules)?.ruleId).toBe('cat');
    expect(resolveRoute({ category: 'heating', districtCode: '110101' }, rules)?.ruleId).toBe('any');
    expect(resolveRoute({ category: 'noise', districtCode: '110105' }, [rule('high', null, null, 99), ...rules])?.ruleId).toBe('high');
  });

  it('finds nothing in an empty catalogue', () => {
    expect(resolveRoute({ category: 'noise', districtCode: '110105' }, [])).toBeNull();
  });

  describe('over the demo catalogue', () => {
    it('sends a Chaoyang street light to the city urban management commission', () => {
      expect(resolveRoute({ category: 'street_light', districtCode: '110105' }, ROUTING_RULES)?.agencyId).toBe('city-urban-management');
    });

    it('sends utility matters to the utility company even without a district', () => {
      expect(resolveRoute({ category: 'water_supply', districtCode: null }, ROUTING_RULES)?.agencyId).toBe('utility-water');
      expect(resolveRoute({ category: 'gas_leak', districtCode: '110108' }, ROUTING_RULES)?.agencyId).toBe('utility-gas');
    });

    it("sends street-level matters to the district's street office", () => {
      expect(resolveRoute({ category: 'noise', districtCode: '110105' }, ROUTING_RULES)).toMatchObject({ ruleId: 'noise-110105', agencyId: 'street-110105001' });
    });

    it('falls back to the district government for a category it does not know (兜底)', () => {
      expect(resolveRoute({ category: 'alien_landing', districtCode: '110105' }, ROUTING_RULES)?.agencyId).toBe('gov-110105');
    });

    it('leaves a street-level matter without a district to the dispatchers', () => {
      expect(resolveRoute({ category: 'noise', districtCode: null }, ROUTING_RULES)).toBeNull();
      expect(resolveRoute({ category: 'other', districtCode: null }, ROUTING_RULES)).toBeNull();
    });
  });
});
