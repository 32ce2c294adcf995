import { fitTemperature } from './calibration';
import { DEFAULT_FEATURES, termCounts, type Document, type FeatureOptions } from './features';
import { DEFAULT_SVM, margins, trainLinearSvm, type LinearScorer } from './linear-svm';
import { evaluate } from './metrics';
import type { Head, HeadName, TextClassifierModel } from './model';
import { trainComplementNb } from './naive-bayes';
import { stratifiedFolds } from './random';
import type { SparseVector } from './sparse';
import { fitVectorizer, vectorize } from './vectorizer';

export interface LabelledDocument extends Document {
  /** `category`, and optionally `type` and `urgency`; an empty label leaves the document out of that head. */
  readonly labels: Readonly<Record<HeadName, string>>;
}

export interface TrainOptions {
  readonly features: FeatureOptions;
  /** Terms seen in fewer training documents are dropped. */
  readonly minDf: number;
  /** SVM costs tried by cross-validation on the training data; the best mean macro-F1 wins (ties: the smaller). */
  readonly cGrid: readonly number[];
  /** Folds of that cross-validation; their held-out margins also fit the calibration. */
  readonly folds: number;
  readonly seed: number;
  readonly maxEpochs: number;
  /** NB-SVM feature scaling (see SvmOptions). */
  readonly nbScaling: boolean;
  /** SVM class weights (see SvmOptions): 'balanced' for macro-F1. */
  readonly classWeights: 'balanced' | 'none';
  /**
   * Smoothing values of a complement naive Bayes tried beside the SVM (empty: the SVM alone). The two
   * are combined as the product of their calibrated probabilities — margins over temperatures, added —
   * which is again one linear scorer: prediction costs what the SVM alone costs. The pair (C, alpha)
   * with the best cross-validated macro-F1 of the combination wins.
   */
  readonly nbAlphas: readonly number[];
  /**
   * A third member of that product (absent or null: none): an NB-SVM (Wang & Manning 2012) — the same
   * class-weighted SVM on features scaled, per class, by their naive Bayes log-count ratio (smoothing
   * `alpha` on the TF-IDF mass), cost `c`. Its weights fold back into one linear scorer, so prediction
   * still costs one SVM.
   */
  readonly nbSvm?: { readonly c: number; readonly alpha: number } | null;
  readonly onProgress?: (message: string) => void;
}

export const DEFAULT_TRAINING: TrainOptions = {
  features: DEFAULT_FEATURES,
  minDf: 2,
  // The cross-validated choice (README, 分类模型): SVM C = 2 × NB-SVM C = 0.3 × complement NB alpha = 0.01.
  cGrid: [2],
  folds: 5,
  seed: DEFAULT_SVM.seed,
  maxEpochs: DEFAULT_SVM.maxEpochs,
  nbScaling: false,
  classWeights: 'balanced',
  nbAlphas: [0.01],
  nbSvm: { c: 0.3, alpha: 0.01 },
};

interface HeadData {
  readonly name: HeadName;
  readonly labels: readonly string[];
  readonly rows: readonly SparseVector[];
  readonly y: readonly number[];
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function headData(name: HeadName, examples: readonly LabelledDocument[], rows: readonly SparseVector[]): HeadData {
  const kept = examples.map((e, i) => ({ label: e.labels[name]?.trim() ?? '', row: rows[i] })).filter((e) => e.label !== '');
  const labels = [...new Set(kept.map((e) => e.label))].sort(byCodePoint);
  const at = new Map(labels.map((label, k) => [label, k]));
  return { name, labels, rows: kept.map((e) => e.row), y: kept.map((e) => at.get(e.label) as number) };
}

type Fit = (rows: readonly SparseVector[], y: readonly number[]) => LinearScorer;

/** Out-of-fold margins of every row. */
function crossValidate(data: HeadData, fit: Fit, options: TrainOptions): Float64Array[] {
  const fold = stratifiedFolds(data.y.map(String), options.folds, options.seed);
  const out = new Array<Float64Array>(data.rows.length);
  for (let f = 0; f < options.folds; f += 1) {
    const train = data.rows.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const scorer = fit(train.map((i) => data.rows[i]), train.map((i) => data.y[i]));
    data.rows.forEach((row, i) => {
      if (fold[i] === f) out[i] = margins(scorer, row);
    });
  }
  return out;
}

const argmax = (scores: Float64Array): number => scores.reduce((best, s, k) => (s > (scores[best]) ? k : best), 0);

/** Margins over their temperature, added: the log of the product of the calibrated probabilities, up to a constant per row. */
function combined(parts: ReadonlyArray<{ margins: readonly Float64Array[]; temperature: number }>): Float64Array[] {
  return (parts[0]?.margins ?? []).map((_, i) => {
    const out = new Float64Array(parts[0].margins[i].length);
    for (const part of parts) for (let k = 0; k < out.length; k += 1) out[k] += part.margins[i][k] / part.temperature;
    return out;
  });
}

/** The same combination of trained scorers, as one scorer. */
function combinedScorer(parts: ReadonlyArray<{ scorer: LinearScorer; temperature: number }>): LinearScorer {
  const { dimension, classes } = parts[0].scorer;
  const weights = new Float32Array(dimension * classes);
  const bias = new Float32Array(classes);
  for (let j = 0; j < weights.length; j += 1) weights[j] = parts.reduce((sum, p) => sum + p.scorer.weights[j] / p.temperature, 0);
  for (let k = 0; k < classes; k += 1) bias[k] = parts.reduce((sum, p) => sum + p.scorer.bias[k] / p.temperature, 0);
  return { dimension, classes, weights, bias };
}

function trainHead(data: HeadData, dimension: number, options: TrainOptions): { head: Head; macroF1: number } {
  const progress = options.onProgress ?? (() => undefined);
  if (data.labels.length < 2) throw new Error(`head ${data.name} needs at least two labels, got ${data.labels.length}`);
  const classes = data.labels.length;
  const svm = (c: number): Fit => (rows, y) =>
    trainLinearSvm(rows, y, classes, dimension, {
      c,
      maxEpochs: options.maxEpochs,
      tolerance: DEFAULT_SVM.tolerance,
      seed: options.seed,
      nbScaling: options.nbScaling,
      classWeights: options.classWeights,
    });
  const nb = (alpha: number): Fit => (rows, y) => trainComplementNb(rows, y, classes, dimension, alpha);
  const nbSvmOptions = options.nbSvm ?? null;
  const nbSvm = (o: { c: number; alpha: number }): Fit => (rows, y) =>
    trainLinearSvm(rows, y, classes, dimension, {
      c: o.c,
      maxEpochs: options.maxEpochs,
      tolerance: DEFAULT_SVM.tolerance,
      seed: options.seed,
      nbScaling: true,
      nbAlpha: o.alpha,
      classWeights: options.classWeights,
    });
  const gold = data.y.map((k) => data.labels[k]);
  const macroF1Of = (heldOut: readonly Float64Array[]): number => evaluate(gold, heldOut.map((s) => data.labels[argmax(s)])).macroF1;
  const calibrated = (heldOut: Float64Array[]) => ({ margins: heldOut, temperature: fitTemperature(heldOut, data.y) });
  const nbHeldOut = (options.nbAlphas ?? []).map((alpha) => ({ alpha, ...calibrated(crossValidate(data, nb(alpha), options)) }));
  const nbSvmPart = nbSvmOptions ? calibrated(crossValidate(data, nbSvm(nbSvmOptions), options)) : null;
  const extra = nbSvmPart ? [nbSvmPart] : [];
  type Choice = { c: number; alpha: number | null; macroF1: number; svm: { temperature: number }; nb: { temperature: number } | null; heldOut: Float64Array[] };
  let best: Choice | undefined;
  const consider = (choice: Choice, what: string): void => {
    progress(`${data.name}: ${what} ${options.folds}-fold macro-F1 ${choice.macroF1.toFixed(4)}`);
    if (!best || choice.macroF1 > best.macroF1 + 1e-9) best = choice;
  };
  for (const c of options.cGrid) {
    const svmPart = calibrated(crossValidate(data, svm(c), options));
    const nbSvmNote = nbSvmOptions ? ` × NB-SVM C=${nbSvmOptions.c} alpha=${nbSvmOptions.alpha}` : '';
    if (nbHeldOut.length === 0) {
      const heldOut = extra.length === 0 ? svmPart.margins : combined([svmPart, ...extra]);
      consider({ c, alpha: null, macroF1: macroF1Of(heldOut), svm: svmPart, nb: null, heldOut }, `C=${c}${nbSvmNote}`);
    }
    for (const nbPart of nbHeldOut) {
      const heldOut = combined([svmPart, ...extra, nbPart]);
      consider({ c, alpha: nbPart.alpha, macroF1: macroF1Of(heldOut), svm: svmPart, nb: nbPart, heldOut }, `C=${c}${nbSvmNote} × complement NB alpha=${nbPart.alpha}`);
    }
  }
  const chosen = best as Choice;
  const temperature = fitTemperature(chosen.heldOut, data.y);
  const svmScorer = svm(chosen.c)(data.rows, data.y);
  const members = [{ scorer: svmScorer, temperature: chosen.svm.temperature }];
  if (nbSvmOptions && nbSvmPart) members.push({ scorer: nbSvm(nbSvmOptions)(data.rows, data.y), temperature: nbSvmPart.temperature });
  if (chosen.nb && chosen.alpha !== null) members.push({ scorer: nb(chosen.alpha)(data.rows, data.y), temperature: chosen.nb.temperature });
  const scorer = members.length === 1 ? svmScorer : combinedScorer(members);
  const nbNote = `${nbSvmOptions ? ` × NB-SVM C=${nbSvmOptions.c} alpha=${nbSvmOptions.alpha}` : ''}${chosen.alpha === null ? '' : ` × complement NB alpha=${chosen.alpha}`}`;
  progress(`${data.name}: trained on ${data.rows.length} with C=${chosen.c}${nbNote}, temperature ${temperature.toFixed(3)}`);
  return { head: { name: data.name, labels: data.labels, scorer, temperature, c: chosen.c, ...(chosen.alpha === null ? {} : { nbAlpha: chosen.alpha }), ...(nbSvmOptions ? { nbSvm: { c: nbSvmOptions.c, alpha: nbSvmOptions.alpha } } : {}) }, macroF1: chosen.macroF1 };
}

/**
 * Trains one linear head per label column over shared TF-IDF features. Deterministic: the same
 * examples in the same order with the same options give the same model, bit for bit.
 */
export function trainClassifier(examples: readonly LabelledDocument[], options: TrainOptions = DEFAULT_TRAINING): TextClassifierModel {
  const progress = options.onProgress ?? (() => undefined);
  const heads = [...new Set(examples.flatMap((e) => Object.keys(e.labels)))].sort((a, b) =>
    a === 'category' ? -1 : b === 'category' ? 1 : byCodePoint(a, b),
  );
  progress(`features of ${examples.length} documents`);
  const counts = examples.map((e, i) => {
    if (i > 0 && i % 2000 === 0) progress(`  ${i}/${examples.length}`);
    return termCounts(e, options.features);
  });
  const vectorizer = fitVectorizer(counts, options.features, options.minDf);
  const rows = counts.map((c) => vectorize(vectorizer, c));
  progress(`${vectorizer.terms.length} features`);
  const trained = heads.map((name) => trainHead(headData(name, examples, rows), vectorizer.terms.length, options));
  return {
    vectorizer,
    heads: trained.map((t) => t.head),
    summary: {
      examples: examples.length,
      features: vectorizer.terms.length,
      options: { features: options.features, minDf: options.minDf, seed: options.seed, classWeights: options.classWeights },
      crossValidatedMacroF1: Object.fromEntries(trained.map((t) => [t.head.name, t.macroF1])),
    },
  };
}
