import { CATEGORIES } from '@hotline/demo-city';
import { FALLBACK_CATEGORY, NO_MATCH_CONFIDENCE, classifierVersionFor, scoreKeywords, type KeywordRule } from './keyword-scorer';

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
