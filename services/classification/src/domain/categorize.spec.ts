import { categorize } from './categorize';
import { scoreKeywords, type KeywordRule } from './keyword-scorer';

const RULES: KeywordRule[] = [
  { category: 'gas_leak', name: '燃气泄漏', urgency: 'emergency', keywords: ['燃气泄漏', '煤气味'] },
  { category: 'noise', name: '噪声扰民', urgency: 'normal', keywords: ['噪音'] },
  { category: 'parking', name: '停车管理', urgency: 'normal', keywords: ['乱停'] },
];

const keywordsOf = (text: string) => scoreKeywords(text, RULES);

describe('categorize', () => {
  it('takes the model’s category, name from the catalogue and its calibrated confidence', () => {
    const result = categorize({ keywords: keywordsOf('共享单车堵门'), rules: RULES, model: { category: { label: 'parking', confidence: 0.874 } }, minConfidence: 0.6 });
    expect(result).toMatchObject({ category: 'parking', categoryName: '停车管理', urgency: 'normal', confidence: 0.874, isModel: true, needsReview: false });
  });

  it('asks for review below the confidence threshold', () => {
    const result = categorize({ keywords: keywordsOf('门口的问题'), rules: RULES, model: { category: { label: 'noise', confidence: 0.41 } }, minConfidence: 0.6 });
    expect(result).toMatchObject({ category: 'noise', isModel: true, needsReview: true });
  });

  it('falls back to the keyword rules when there is no model or its category is unknown', () => {
    const text = '楼下噪音很大';
    expect(categorize({ keywords: keywordsOf(text), rules: RULES, model: null, minConfidence: 0.6 })).toMatchObject({ category: 'noise', isModel: false, needsReview: false });
    const unknown = categorize({ keywords: keywordsOf(text), rules: RULES, model: { category: { label: '城乡建设', confidence: 0.99 } }, minConfidence: 0.6 });
    expect(unknown).toMatchObject({ category: 'noise', isModel: false });
  });

  it('keeps a gas leak an emergency whatever the model says, and uses the model’s urgency and type heads otherwise', () => {
    const leak = categorize({
      keywords: keywordsOf('楼道里燃气泄漏，噪音也大'),
      rules: RULES,
      model: { category: { label: 'noise', confidence: 0.7 }, urgency: { label: 'normal' } },
      minConfidence: 0.6,
    });
    expect(leak).toMatchObject({ category: 'noise', urgency: 'emergency' });
    const policy = categorize({
      keywords: keywordsOf('停车政策是什么'),
      rules: RULES,
      model: { category: { label: 'parking', confidence: 0.9 }, urgency: { label: 'urgent' }, type: { label: 'consultation' } },
      minConfidence: 0.6,
    });
    expect(policy).toMatchObject({ urgency: 'urgent', predictedType: 'consultation' });
  });
});
