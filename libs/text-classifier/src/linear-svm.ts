import { seededRandom, shuffled } from './random';
import { dot, squaredNorm, type SparseVector } from './sparse';

export interface SvmOptions {
  /** Cost of a margin violation (larger: fits the training data more closely). */
  readonly c: number;
  readonly maxEpochs: number;
  /** Stops when the projected gradient's spread falls below this (liblinear's ε). */
  readonly tolerance: number;
  readonly seed: number;
  /**
   * NB-SVM (Wang & Manning 2012): each binary problem sees its features scaled by their naive Bayes
   * log-count ratio, so words typical of the class start ahead. Folded into the weights afterwards.
   */
  readonly nbScaling: boolean;
  /** Smoothing of that log-count ratio, added to each feature's TF-IDF mass in and outside the class (absent: 1). */
  readonly nbAlpha?: number;
  /**
   * 'balanced': a row of class k costs C × n / (classes × n_k) in every binary problem (scikit-learn's
   * `class_weight='balanced'`), so a small class weighs as much as a large one, as macro-F1 counts it.
   */
  readonly classWeights?: 'balanced' | 'none';
}

export const DEFAULT_SVM: SvmOptions = { c: 0.5, maxEpochs: 60, tolerance: 0.05, seed: 20260101, nbScaling: false, classWeights: 'none' };

/** ln of (share of the feature's mass in the class) / (share outside it), each mass smoothed by alpha. */
function logCountRatio(rows: readonly SparseVector[], y: Int8Array, dimension: number, alpha: number): Float64Array {
  const p = new Float64Array(dimension).fill(alpha);
  const q = new Float64Array(dimension).fill(alpha);
  rows.forEach((x, i) => {
    const into = y[i] === 1 ? p : q;
    for (let j = 0; j < x.indices.length; j += 1) into[x.indices[j]] += x.values[j];
  });
  const [sp, sq] = [p.reduce((s, v) => s + v, 0), q.reduce((s, v) => s + v, 0)];
  return p.map((v, j) => Math.log(v / sp / ((q[j]) / sq)));
}

function scaled(x: SparseVector, r: Float64Array): SparseVector {
  return { indices: x.indices, values: x.values.map((v, j) => v * (r[x.indices[j]])) };
}

/** One-vs-rest weights, feature-major (`weights[j * classes + k]`: a feature's weights share a cache line), and a bias per class. */
export interface LinearScorer {
  readonly dimension: number;
  readonly classes: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/**
 * Dual coordinate descent for an L2-regularised, squared-hinge-loss linear SVM (Hsieh et al. 2008,
 * the algorithm behind liblinear's default solver), one binary problem per class. The bias is a
 * constant feature of value 1, regularised like the others, as in liblinear with -B 1.
 */
function trainBinary(rows: readonly SparseVector[], y: Int8Array, dimension: number, options: SvmOptions, norms: Float64Array, diagonals: Float64Array): { w: Float64Array; b: number } {
  const w = new Float64Array(dimension);
  let b = 0;
  const alpha = new Float64Array(rows.length);
  const random = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < options.maxEpochs; epoch += 1) {
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (const i of shuffled(order, random)) {
      const x = rows[i];
      const yi = y[i];
      const a = alpha[i];
      const diagonal = diagonals[i];
      const g = yi * (dot(w, 0, x) + b) - 1 + diagonal * a;
      const pg = a === 0 ? Math.min(g, 0) : g;
      maxPg = Math.max(maxPg, pg);
      minPg = Math.min(minPg, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const next = Math.max(a - g / ((norms[i]) + 1 + diagonal), 0);
      const step = (next - a) * yi;
      alpha[i] = next;
      for (let j = 0; j < x.indices.length; j += 1) w[x.indices[j]] += step * (x.values[j]);
      b += step;
    }
    if (maxPg - minPg < options.tolerance) break;
  }
  return { w, b };
}

export function trainLinearSvm(
  rows: readonly SparseVector[],
  labels: readonly number[],
  classes: number,
  dimension: number,
  options: SvmOptions,
): LinearScorer {
  const norms = Float64Array.from(rows, squaredNorm);
  // The dual's diagonal term 1 / (2 C_i): one cost, or one per class with balanced weights.
  const perClass = new Float64Array(classes);
  for (const label of labels) perClass[label] += 1;
  const costOf = perClass.map((n) => (options.classWeights === 'balanced' && n > 0 ? (options.c * rows.length) / (classes * n) : options.c));
  const diagonals = Float64Array.from(labels, (label) => 1 / (2 * costOf[label]));
  const weights = new Float32Array(classes * dimension);
  const bias = new Float32Array(classes);
  for (let k = 0; k < classes; k += 1) {
    const y = Int8Array.from(labels, (label) => (label === k ? 1 : -1));
    if (options.nbScaling) {
      const r = logCountRatio(rows, y, dimension, options.nbAlpha ?? 1);
      const scaledRows = rows.map((x) => scaled(x, r));
      const { w, b } = trainBinary(scaledRows, y, dimension, { ...options, seed: options.seed + k }, Float64Array.from(scaledRows, squaredNorm), diagonals);
      for (let j = 0; j < dimension; j += 1) weights[j * classes + k] = w[j] * r[j];
      bias[k] = b;
      continue;
    }
    const { w, b } = trainBinary(rows, y, dimension, { ...options, seed: options.seed + k }, norms, diagonals);
    for (let j = 0; j < dimension; j += 1) weights[j * classes + k] = w[j];
    bias[k] = b;
  }
  return { dimension, classes, weights, bias };
}

/** Each class's margin for one row. */
export function margins(scorer: LinearScorer, x: SparseVector): Float64Array {
  const out = new Float64Array(scorer.classes);
  const { classes, weights, bias } = scorer;
  for (let k = 0; k < classes; k += 1) out[k] = bias[k];
  const { indices, values } = x;
  for (let n = 0; n < indices.length; n += 1) {
    const offset = indices[n] * classes;
    const v = values[n];
    for (let k = 0; k < classes; k += 1) out[k] += weights[offset + k] * v;
  }
  return out;
}
