import { expectedCalibrationError, fitTemperature, softmax } from './calibration';
import { evaluate } from './metrics';
import { predict } from './model';
import { seededRandom, stratifiedSplit } from './random';
import { deserializeModel, serializeModel } from './serialize';
import { DEFAULT_TRAINING, trainClassifier, type LabelledDocument, type TrainOptions } from './trainer';

// Small bilingual requests: each category has its own words, all share filler, some words overlap.
const VOCABULARY: Record<string, { zh: string[]; en: string[]; type: string; urgency: string }> = {
  gas_leak: { zh: ['燃气', '泄漏', '煤气味', '闻到', '管道'], en: ['gas', 'leak', 'smell', 'pipe'], type: 'complaint', urgency: 'emergency' },
  noise: { zh: ['噪音', '施工', '夜间', '扰民', '吵'], en: ['noise', 'loud', 'night', 'construction'], type: 'complaint', urgency: 'normal' },
  labour_wages: { zh: ['工资', '拖欠', '老板', '社保', '劳动'], en: ['wages', 'unpaid', 'employer', 'salary'], type: 'complaint', urgency: 'urgent' },
  education: { zh: ['学校', '入学', '学位', '政策', '孩子'], en: ['school', 'enrolment', 'policy', 'pupils'], type: 'consultation', urgency: 'normal' },
};
const FILLER_ZH = ['我们', '小区', '附近', '最近', '一直', '希望', '尽快', '处理', '问题', '反映'];
const FILLER_EN = ['please', 'our', 'street', 'near', 'since', 'week', 'help', 'the'];

function syntheticRequests(n: number, seed: number): LabelledDocument[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const categories = Object.keys(VOCABULARY).sort();
  return Array.from({ length: n }, (_, i) => {
    const category = categories[i % categories.length] as string;
    const v = VOCABULARY[category]!;
    const isEnglish = random() < 0.3;
    const own = isEnglish ? v.en : v.zh;
    const filler = isEnglish ? FILLER_EN : FILLER_ZH;
    // One word in six comes from another category, so the task is not trivially separable.
    const noiseOf = (): string => {
      const other = VOCABULARY[pick(categories)]!;
      return pick(isEnglish ? other.en : other.zh);
    };
    const words = Array.from({ length: 12 }, () => (random() < 0.4 ? pick(own) : random() < 0.25 ? noiseOf() : pick(filler)));
    const join = (ws: string[]): string => ws.join(isEnglish ? ' ' : '');
    return { title: join(words.slice(0, 3)), detail: join(words.slice(3)), labels: { category, type: v.type, urgency: v.urgency } };
  });
}

const FAST: TrainOptions = { ...DEFAULT_TRAINING, cGrid: [0.5, 1], folds: 3 };

describe('text classifier', () => {
  const examples = syntheticRequests(240, 7);

  it('trains the same model, byte for byte, from the same data', () => {
    const first = serializeModel(trainClassifier(examples, FAST));
    const second = serializeModel(trainClassifier(examples, FAST));
    expect(first.equals(second)).toBe(true);
  });

  it('trains a different model from different data', () => {
    const other = serializeModel(trainClassifier(examples.slice(1), FAST));
    expect(other.equals(serializeModel(trainClassifier(examples, FAST)))).toBe(false);
  });

  it('predicts the same after serialisation and back', () => {
    const model = trainClassifier(examples, FAST);
    const restored = deserializeModel(serializeModel(model));
    for (const doc of syntheticRequests(40, 99)) expect(predict(restored, doc)).toEqual(predict(model, doc));
  });

  it('refuses bytes that are not a model', () => {
    expect(() => deserializeModel(Buffer.from('not a model at all'))).toThrow('bad magic');
  });

  it('learns category, type and urgency heads in Chinese and English', () => {
    const model = trainClassifier(examples, FAST);
    expect(model.heads.map((h) => h.name)).toEqual(['category', 'type', 'urgency']);
    const gasLeak = predict(model, { title: '闻到燃气泄漏', detail: '小区管道有很重的煤气味' });
    expect(gasLeak.category?.label).toBe('gas_leak');
    expect(gasLeak.urgency?.label).toBe('emergency');
    const policy = predict(model, { title: 'school enrolment policy', detail: 'what is the policy for pupils enrolment at the school' });
    expect(policy.category?.label).toBe('education');
    expect(policy.type?.label).toBe('consultation');
    const held = syntheticRequests(200, 123);
    const predicted = held.map((d) => predict(model, d).category?.label ?? '');
    expect(evaluate(held.map((d) => d.labels.category!), predicted).macroF1).toBeGreaterThan(0.9);
  });

  it('gives calibrated confidences: on unseen requests, stated confidence tracks accuracy', () => {
    const model = trainClassifier(syntheticRequests(400, 11), FAST);
    const held = syntheticRequests(400, 12);
    const predictions = held.map((d) => predict(model, d).category!);
    const isCorrect = predictions.map((p, i) => p.label === held[i]!.labels.category);
    const probabilitiesSumToOne = predictions.every((p) => Math.abs(Object.values(p.probabilities).reduce((s, v) => s + v, 0) - 1) < 1e-9);
    expect(probabilitiesSumToOne).toBe(true);
    expect(expectedCalibrationError(predictions.map((p) => p.confidence), isCorrect)).toBeLessThan(0.08);
  });

  it('fits the temperature that generated the labels', () => {
    const random = seededRandom(3);
    const scores = Array.from({ length: 3000 }, () => Float64Array.from({ length: 4 }, () => 4 * random() - 2));
    const labels = scores.map((s) => {
      const p = softmax(s, 0.5);
      let u = random();
      for (let k = 0; k < p.length; k += 1) if ((u -= p[k]!) < 0) return k;
      return p.length - 1;
    });
    expect(fitTemperature(scores, labels)).toBeCloseTo(0.5, 1);
  });

  it('combines the SVM, an NB-SVM and complement naive Bayes into one linear head, and still loads a model of the older options', () => {
    const combined = trainClassifier(examples, FAST);
    expect(combined.heads.every((h) => h.nbAlpha !== undefined)).toBe(true);
    expect(combined.heads.every((h) => h.nbSvm?.c === 0.3 && h.nbSvm.alpha === 0.01)).toBe(true);
    expect(deserializeModel(serializeModel(combined)).heads.map((h) => h.nbSvm)).toEqual(combined.heads.map((h) => h.nbSvm));
    // The default before the NB-SVM: the same features, the SVM and complement naive Bayes only.
    const withoutNbSvm = trainClassifier(examples, { ...FAST, nbSvm: null });
    expect(withoutNbSvm.heads.every((h) => h.nbSvm === undefined && h.nbAlpha !== undefined)).toBe(true);
    expect(serializeModel(withoutNbSvm).equals(serializeModel(combined))).toBe(false);
    const restoredWithout = deserializeModel(serializeModel(withoutNbSvm));
    for (const doc of syntheticRequests(20, 6)) expect(predict(restoredWithout, doc)).toEqual(predict(withoutNbSvm, doc));
    expect(combined.vectorizer.terms.some((t) => t.startsWith('k<'))).toBe(true);
    // The options of models published before: character 1–3-grams, no word-bounded n-grams, the SVM alone.
    const older = trainClassifier(examples, {
      ...FAST,
      features: { charNgramMax: 3, words: true, wordBigrams: true, latinCharNgrams: true, titleTerms: true, maxDetailChars: 1000 },
      classWeights: 'none',
      nbAlphas: [],
      nbSvm: null,
    });
    expect(older.heads.every((h) => h.nbAlpha === undefined && h.nbSvm === undefined)).toBe(true);
    expect(older.vectorizer.terms.some((t) => t.startsWith('k<'))).toBe(false);
    const restored = deserializeModel(serializeModel(older));
    for (const doc of syntheticRequests(20, 5)) expect(predict(restored, doc)).toEqual(predict(older, doc));
  });

  it('splits each label 80/20 the same way every time', () => {
    const labels = examples.map((e) => e.labels.category!);
    const split = stratifiedSplit(labels, 0.2, 1);
    expect(stratifiedSplit(labels, 0.2, 1)).toEqual(split);
    expect(split.test).toHaveLength(48);
    expect(split.test.filter((i) => labels[i] === 'noise')).toHaveLength(12);
  });
});
