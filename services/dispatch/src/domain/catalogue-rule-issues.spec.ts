import type { CatalogueRule } from './catalogue-rule';
import { catalogueRuleIssues } from './catalogue-rule-issues';

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

const known = {
  isAgency: (agencyId: string) => ['street-110105001', 'gov-110105', 'city-urban-management'].includes(agencyId),
  isCategory: (code: string) => ['noise', 'urban_management'].includes(code),
};

describe('catalogueRuleIssues', () => {
  it('accepts rules naming units and categories on record', () => {
    const rules = [aRule('r1', { category: 'urban_management', agencyId: 'street-110105001', coHandlerIds: ['city-urban-management'] }), aRule('r2', { agencyId: 'gov-110105' })];
    expect(catalogueRuleIssues(rules, known)).toEqual([]);
  });

  it('lists every issue with its path', () => {
    const rules = [
      aRule('r1', { agencyId: 'street-999', category: 'alien', districtCode: '110105', streetCode: '110108001' }),
      aRule('r1', { category: 'noise', agencyId: 'gov-110105', coHandlerIds: ['gov-110105', 'nobody', 'city-urban-management', 'city-urban-management'] }),
      aRule('catch-all', { agencyId: 'gov-110105' }),
      aRule('r3', { category: 'noise', agencyId: 'gov-110105' }),
    ];
    expect(catalogueRuleIssues(rules, known).map((issue) => issue.path)).toEqual([
      'rules.0.agencyId',
      'rules.0.category',
      'rules.0.streetCode',
      'rules.1.ruleId',
      'rules.1.coHandlerIds.0',
      'rules.1.coHandlerIds.1',
      'rules.1.coHandlerIds.3',
      'rules.2.ruleId',
    ]);
  });
});
