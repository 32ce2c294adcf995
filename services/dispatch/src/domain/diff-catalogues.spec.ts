import type { CatalogueRule } from './catalogue-rule';
import { diffCatalogues } from './diff-catalogues';

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

describe('diffCatalogues', () => {
  const a = aRule('a', { category: 'noise' });
  const b = aRule('b', { category: 'sanitation' });
  const c = aRule('c', { districtCode: '110105' });

  it('finds nothing between a version and itself', () => {
    expect(diffCatalogues([a, b, c], [a, b, c])).toEqual({ added: [], removed: [], changed: [], moved: [] });
  });

  it('lists added and removed rules with their positions, without calling the shifted rules moved', () => {
    const x = aRule('x', { keywords: ['工地'] });
    expect(diffCatalogues([x, a, c], [a, b, c])).toEqual({
      added: [{ position: 1, rule: x }],
      removed: [{ position: 2, rule: b }],
      changed: [],
      moved: [],
    });
  });

  it('names the fields a rule changed', () => {
    const changedB = { ...b, agencyId: 'gov-110105', coHandlerIds: ['street-110105001'] };
    expect(diffCatalogues([a, changedB, c], [a, b, c]).changed).toEqual([{ ruleId: 'b', fields: ['agencyId', 'coHandlerIds'], before: b, after: changedB }]);
  });

  it('reports a rule that moved relative to the others, since order decides which rule wins', () => {
    expect(diffCatalogues([c, a, b], [a, b, c]).moved).toEqual([{ ruleId: 'c', from: 3, to: 1 }]);
  });
});
