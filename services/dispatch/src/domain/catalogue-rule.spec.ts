import { firstMatchingRule, ruleMatches, type CaseFacts, type CatalogueRule } from './catalogue-rule';

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
  streetCode: '110105001',
  gridCode: null,
  text: '建国路工地夜间施工噪音扰民',
  ...overrides,
});

describe('firstMatchingRule', () => {
  it('takes the first matching rule in catalogue order, not the most specific one', () => {
    const rules = [aRule('district', { districtCode: '110105' }), aRule('noise-street', { category: 'noise', streetCode: '110105001' })];
    expect(firstMatchingRule(facts(), rules)?.ruleId).toBe('district');
    expect(firstMatchingRule(facts(), [...rules].reverse())?.ruleId).toBe('noise-street');
  });

  it('matches a category at any level of the tree: the group or the leaf', () => {
    expect(ruleMatches(aRule('group', { category: 'urban_management' }), facts())).toBe(true);
    expect(ruleMatches(aRule('leaf', { category: 'noise' }), facts())).toBe(true);
    expect(ruleMatches(aRule('other-leaf', { category: 'sanitation' }), facts())).toBe(false);
    expect(ruleMatches(aRule('other-group', { category: 'utilities' }), facts())).toBe(false);
  });

  it('matches on district, street and grid, each only when the case has that place', () => {
    expect(ruleMatches(aRule('d', { districtCode: '110108' }), facts())).toBe(false);
    expect(ruleMatches(aRule('s', { streetCode: '110105001' }), facts())).toBe(true);
    expect(ruleMatches(aRule('s', { streetCode: '110105002' }), facts())).toBe(false);
    expect(ruleMatches(aRule('s', { streetCode: '110105001' }), facts({ streetCode: null }))).toBe(false);
    expect(ruleMatches(aRule('g', { gridCode: '11010500100101' }), facts())).toBe(false);
    expect(ruleMatches(aRule('g', { gridCode: '11010500100101' }), facts({ gridCode: '11010500100101' }))).toBe(true);
  });

  it('matches any of its request types, and none when the request type is unknown', () => {
    const rule = aRule('t', { requestTypes: ['report', 'complaint'] });
    expect(ruleMatches(rule, facts())).toBe(true);
    expect(ruleMatches(rule, facts({ requestType: 'consultation' }))).toBe(false);
    expect(ruleMatches(rule, facts({ requestType: null }))).toBe(false);
  });

  it('matches any of its keywords in the text, ignoring case, and none when the text is unknown', () => {
    expect(ruleMatches(aRule('k', { keywords: ['工地', 'crane'] }), facts())).toBe(true);
    expect(ruleMatches(aRule('k', { keywords: ['CRANE'] }), facts({ text: 'a crane at night' }))).toBe(true);
    expect(ruleMatches(aRule('k', { keywords: ['广场舞'] }), facts())).toBe(false);
    expect(ruleMatches(aRule('k', { keywords: ['工地'] }), facts({ text: null }))).toBe(false);
  });

  it('needs every condition it sets to hold', () => {
    const rule = aRule('all', { requestTypes: ['complaint'], category: 'noise', districtCode: '110105', streetCode: '110105001', keywords: ['工地'] });
    expect(ruleMatches(rule, facts())).toBe(true);
    expect(ruleMatches(rule, facts({ requestType: 'report' }))).toBe(false);
    expect(ruleMatches(rule, facts({ text: '楼上装修' }))).toBe(false);
  });

  it('matches everything with no condition, and finds nothing in an empty catalogue', () => {
    expect(ruleMatches(aRule('any'), facts({ requestType: null, categoryPath: ['x'], districtCode: null, streetCode: null, text: null }))).toBe(true);
    expect(firstMatchingRule(facts(), [])).toBeNull();
  });
});
