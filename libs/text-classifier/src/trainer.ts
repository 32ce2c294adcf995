import { fitTemperature } from './calibration';
import { DEFAULT_FEATURES, termCounts, type Document, type FeatureOptions } from './features';
import { DEFAULT_SVM, margins, trainLinearSvm } from './linear-svm';
import { evaluate } from './metrics';
import type { Head, HeadName, TextClassifierModel } from './model';
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
  readonly onProgress?: (message: string) => void;
}

export const DEFAULT_TRAINING: TrainOptions = {
  features: DEFAULT_FEATURES,
  minDf: 2,
  cGrid: [1, 2, 4],
  folds: 5,
  seed: DEFAULT_SVM.seed,
  maxEpochs: DEFAULT_SVM.maxEpochs,
  nbScaling: false,
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

/** Out-of-fold margins of every row for one cost. */
function crossValidate(data: HeadData, dimension: number, c: number, options: TrainOptions): Float64Array[] {
  const fold = stratifiedFolds(data.y.map(String), options.folds, options.seed);
  const out = new Array<Float64Array>(data.rows.length);
  for (let f = 0; f < options.folds; f += 1) {
    const train = data.rows.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const scorer = trainLinearSvm(
      train.map((i) => data.rows[i]),
      train.map((i) => data.y[i]),
      data.labels.length,
      dimension,
      { c, maxEpochs: options.maxEpochs, tolerance: DEFAULT_SVM.tolerance, seed: options.seed, nbScaling: options.nbScaling },
    );
    data.rows.forEach((row, i) => {
      if (fold[i] === f) out[i] = margins(scorer, row);
    });
  }
  return out;
}

const argmax = (scores: Float64Array): number => scores.reduce((best, s, k) => (s > (scores[best]) ? k : best), 0);

function trainHead(data: HeadData, dimension: number, options: TrainOptions): { head: Head; macroF1: number } {
  const progress = options.onProgress ?? (() => undefined);
  if (data.labels.length < 2) throw new Error(`head ${data.name} needs at least two labels, got ${data.labels.length}`);
  let best: { c: number; macroF1: number; heldOut: Float64Array[] } | undefined;
  for (const c of options.cGrid) {
    const heldOut = crossValidate(data, dimension, c, options);
    const gold = data.y.map((k) => data.labels[k]);
    const predicted = heldOut.map((s) => data.labels[argmax(s)]);
    const { macroF1 } = evaluate(gold, predicted);
    progress(`${data.name}: C=${c} ${options.folds}-fold macro-F1 ${macroF1.toFixed(4)}`);
    if (!best || macroF1 > best.macroF1 + 1e-9) best = { c, macroF1, heldOut };
  }
  const chosen = best as { c: number; macroF1: number; heldOut: Float64Array[] };
  const temperature = fitTemperature(chosen.heldOut, data.y);
  const scorer = trainLinearSvm(data.rows, data.y, data.labels.length, dimension, {
    c: chosen.c,
    maxEpochs: options.maxEpochs,
    tolerance: DEFAULT_SVM.tolerance,
    seed: options.seed,
    nbScaling: options.nbScaling,
  });
  progress(`${data.name}: trained on ${data.rows.length} with C=${chosen.c}, temperature ${temperature.toFixed(3)}`);
  return { head: { name: data.name, labels: data.labels, scorer, temperature, c: chosen.c }, macroF1: chosen.macroF1 };
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
      options: { features: options.features, minDf: options.minDf, seed: options.seed },
      crossValidatedMacroF1: Object.fromEntries(trained.map((t) => [t.head.name, t.macroF1])),
    },
  };
}
