import { CATEGORIES } from '@hotline/demo-city';
import { FALLBACK_CATEGORY, NO_MATCH_CONFIDENCE, classifierVersionFor, findHits, scoreKeywords, type Hit, type KeywordRule } from './keyword-scorer';

const demoRules: KeywordRule[] = CATEGORIES.map((c) => ({ category: c.code, name: c.name, urgency: c.urgency, keywords: c.keywords }));

describe('scoreKeywords with the demo catalogue', () => {
  it.each<[string, string, string]>([
    ['小区门口的路灯不亮，晚上很黑', 'street_light', 'normal'],
    ['楼下广场舞噪音扰民，每晚到十点', 'noise', 'normal'],
    ['我家从早上开始停水，到现在还没有来水', 'water_supply', 'urgent'],
    ['楼道里闻到很重的燃气味，怀疑燃气泄漏', 'gas_leak', 'emergency'],
    ['公司拖欠工资三个月，老板联系不上', 'labour_wages', 'normal'],
    ['小区突然停电了，冰箱里的东西都坏了', 'power_supply', 'urgent'],
    ['已经供暖一周了暖气还是不热', 'heating', 'urgent'],
    ['垃圾桶满了好几天没人清运', 'sanitation', 'normal'],
    ['路口有小贩占道经营摆摊卖水果', 'street_order', 'normal'],
    ['马路上有个大坑，路面破损严重', 'road_damage', 'normal'],
    ['在超市买到过期食品，商家拒绝退款', 'market_regulation', 'normal'],
    ['There is a burst pipe and no water in our building', 'water_supply', 'urgent'],
  ])('files "%s" under %s (%s)', (text, category, urgency) => {
    expect(scoreKeywords(text, demoRules)).toMatchObject({ category, urgency });
  });

  it('names the category and lists the keywords that decided it', () => {
    const score = scoreKeywords('这条街的路灯晚上都不亮', demoRules);
    expect(score).toMatchObject({ categoryName: '路灯', matchedKeywords: ['路灯', '不亮'] });
  });

  it('does not count a keyword inside a longer one as a vote for another category', () => {
    const score = scoreKeywords('燃气泄漏', demoRules);
    expect(score).toMatchObject({ category: 'gas_leak', matchedKeywords: ['燃气泄漏'] });
    expect(score.confidence).toBeGreaterThan(0.6);
  });

  it('makes a case an emergency when any emergency keyword appears, whichever category wins', () => {
    const score = scoreKeywords('工地每天夜间施工，噪音太大，脚手架看着很危险', demoRules);
    expect(score).toMatchObject({ category: 'noise', urgency: 'emergency' });
    expect(score.matchedKeywords).toContain('危险');
  });

  it('falls back to other with low confidence when nothing matches', () => {
    expect(scoreKeywords('请问护照怎么办理', demoRules)).toEqual({
      category: FALLBACK_CATEGORY,
      categoryName: '其他',
      urgency: 'normal',
      confidence: NO_MATCH_CONFIDENCE,
      matchedKeywords: [],
    });
  });

  it('is more confident about a message with many hits for one category than about a mixed one', () => {
    const clear = scoreKeywords('停水了，自来水水压很低，水管爆裂', demoRules).confidence;
    const mixed = scoreKeywords('停水停电', demoRules).confidence;
    expect(clear).toBeGreaterThan(mixed);
    for (const value of [clear, mixed]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
});

describe('scoreKeywords with operator rules', () => {
  const rules: KeywordRule[] = [
    { category: 'a', name: '甲', urgency: 'normal', keywords: ['井盖'] },
    { category: 'b', name: '乙', urgency: 'urgent', keywords: ['窨井'] },
    { category: 'c', name: '丙', urgency: 'normal', keywords: ['  ', 'Pothole'] },
  ];

  it('breaks a tie in favour of the more urgent category', () => {
    expect(scoreKeywords('井盖和窨井', rules).category).toBe('b');
  });

  it('matches English keywords case-insensitively and ignores blank ones', () => {
    expect(scoreKeywords('a POTHOLE here', rules).category).toBe('c');
  });

  it('uses a built-in other when the catalogue has none', () => {
    expect(scoreKeywords('无关内容', rules)).toMatchObject({ category: 'other', categoryName: '其他', urgency: 'normal' });
  });

  it('names the rules version in the classifier version', () => {
    expect(classifierVersionFor(7)).toBe('keyword-v1+rules.7');
  });
});

describe('findHits', () => {
  // The plain scan it replaced, kept as the oracle: every keyword of every rule looked up with indexOf.
  function scanEveryKeyword(text: string, rules: readonly KeywordRule[]): Hit[] {
    const hits: Hit[] = [];
    rules.forEach((rule, ruleIndex) => {
      for (const keyword of rule.keywords.map((raw) => raw.trim().toLowerCase()).filter(Boolean)) {
        for (let i = text.indexOf(keyword); i !== -1; i = text.indexOf(keyword, i + 1)) hits.push({ ruleIndex, keyword, start: i, end: i + keyword.length });
      }
    });
    return hits.filter((h) => !hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  }
  const byPosition = (hits: readonly Hit[]) =>
    [...hits].sort((a, b) => a.start - b.start || a.ruleIndex - b.ruleIndex || a.keyword.localeCompare(b.keyword));

  // A fixed-seed generator, so a failure can be replayed.
  function randomTexts(count: number, seed: number): string[] {
    let state = seed;
    const next = (below: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % below;
    };
    const pieces = [...demoRules.flatMap((rule) => rule.keywords), '燃气泄漏', '漏水漏水', '停停水', '，', '我们', '小区', ' ', 'a', 'E', '\u{20BB7}'];
    return Array.from({ length: count }, () => Array.from({ length: 1 + next(12) }, () => pieces[next(pieces.length)]).join('').toLowerCase());
  }

  it('finds what scanning every keyword finds, overlaps and keywords inside longer ones included', () => {
    const rules: KeywordRule[] = [...demoRules, { category: 'dup', name: '重复', urgency: 'normal', keywords: ['停水', '漏水漏', 'E '] }];
    for (const text of randomTexts(2_000, 20_261_206)) expect(byPosition(findHits(text, rules))).toEqual(byPosition(scanEveryKeyword(text, rules)));
  });

  it('reads rules changed in a new array, not the index of the old one', () => {
    const before: KeywordRule[] = [{ category: 'a', name: '甲', urgency: 'normal', keywords: ['井盖'] }];
    expect(findHits('井盖丢了', before)).toHaveLength(1);
    expect(findHits('井盖丢了', [{ ...before[0]!, keywords: ['丢了'] }])).toEqual([{ ruleIndex: 0, keyword: '丢了', start: 2, end: 4 }]);
  });
});
