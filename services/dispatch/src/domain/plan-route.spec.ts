import type { CaseFacts, CatalogueRule } from './catalogue-rule';
import { planRoute, type RouteInput } from './plan-route';

const aRule = (ruleId: string, overrides: Partial<CatalogueRule> = {}): CatalogueRule => ({
  ruleId,
  name: null,
  requestTypes: [],
  category: null,
  districtCode: null,
  streetCode: null,
  gridCode: null,
  keywords: [],
  agencyId: `agency-of-${ruleId}`,
  coHandlerIds: [],
  ...overrides,
});

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  requestType: 'complaint',
  categoryPath: ['urban_management', 'noise'],
  districtCode: '110105',
  streetCode: null,
  gridCode: null,
  text: null,
  ...overrides,
});

const input = (overrides: Partial<RouteInput> = {}): RouteInput => ({
  facts: facts(),
  confidence: 0.8,
  minimumConfidence: 0.2,
  catalogue: { version: 3, rules: [aRule('noise-110105', { category: 'noise', districtCode: '110105', agencyId: 'street-110105001', coHandlerIds: ['city-urban-management'] })] },
  districtGovernmentOf: (districtCode) => (districtCode === '110105' ? 'gov-110105' : undefined),
  ...overrides,
});

describe('planRoute', () => {
  it("routes a case about a component to the component's owner ahead of rules and whatever the confidence", () => {
    expect(planRoute(input({ componentOwnerId: 'utility-water' }))).toEqual({ basis: 'component', catalogueVersion: 3, agencyId: 'utility-water' });
    expect(planRoute(input({ componentOwnerId: 'utility-water', confidence: 0 }))).toMatchObject({ basis: 'component' });
    expect(planRoute(input({ componentOwnerId: null }))).toMatchObject({ basis: 'rule' });
  });

  it('routes by the first matching rule of the published version, with its co-handlers', () => {
    expect(planRoute(input())).toMatchObject({ basis: 'rule', catalogueVersion: 3, rule: { ruleId: 'noise-110105', coHandlerIds: ['city-urban-management'] } });
  });

  it('sends a case no rule matches to its district government when the district is known (兜底)', () => {
    expect(planRoute(input({ facts: facts({ categoryPath: ['alien_landing'] }) }))).toEqual({ basis: 'district_fallback', catalogueVersion: 3, agencyId: 'gov-110105' });
  });

  it('queues a case no rule matches whose district is unknown', () => {
    expect(planRoute(input({ facts: facts({ categoryPath: ['alien_landing'], districtCode: null }) }))).toMatchObject({ basis: 'manual', reason: 'no_rule' });
  });

  it('queues a case of a district without a government on record', () => {
    expect(planRoute(input({ facts: facts({ categoryPath: ['alien_landing'], districtCode: '999999' }) }))).toMatchObject({ basis: 'manual', reason: 'no_district_government' });
  });

  it('queues a classification below the threshold, even when a rule would match', () => {
    expect(planRoute(input({ confidence: 0.1 }))).toMatchObject({ basis: 'manual', reason: 'low_confidence' });
    expect(planRoute(input({ confidence: 0.2 }))).toMatchObject({ basis: 'rule' });
  });

  it('queues every case while no version is published', () => {
    expect(planRoute(input({ catalogue: null }))).toMatchObject({ basis: 'manual', reason: 'no_published_catalogue' });
  });
});
