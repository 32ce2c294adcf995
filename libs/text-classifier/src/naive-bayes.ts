import type { LinearScorer } from './linear-svm';
import type { SparseVector } from './sparse';

/**
 * Complement naive Bayes (Rennie et al. 2003, scikit-learn's `ComplementNB(norm=True)`) over the same
 * TF-IDF rows: class k's weight of a feature is minus the log of its smoothed share of the mass of the
 * *other* classes, each class's weights divided by their mean absolute value (so a row's margins are of
 * order one whatever the vocabulary size). A linear scorer, so it folds into the SVM's weights.
 */
export function trainComplementNb(rows: readonly SparseVector[], labels: readonly number[], classes: number, dimension: number, alpha: number): LinearScorer {
  const featureCount = new Float64Array(dimension * classes);
  const total = new Float64Array(dimension);
  rows.forEach((x, i) => {
    const k = labels[i];
    for (let n = 0; n < x.indices.length; n += 1) {
      featureCount[x.indices[n] * classes + k] += x.values[n];
      total[x.indices[n]] += x.values[n];
    }
  });
  const weights = new Float32Array(dimension * classes);
  const logs = new Float64Array(dimension);
  for (let k = 0; k < classes; k += 1) {
    let mass = 0;
    for (let j = 0; j < dimension; j += 1) mass += total[j] - featureCount[j * classes + k] + alpha;
    let absolute = 0;
    for (let j = 0; j < dimension; j += 1) {
      logs[j] = Math.log((total[j] - featureCount[j * classes + k] + alpha) / mass);
      absolute += Math.abs(logs[j]);
    }
    const scale = dimension / (absolute || 1);
    for (let j = 0; j < dimension; j += 1) weights[j * classes + k] = -logs[j] * scale;
  }
  return { dimension, classes, weights, bias: new Float32Array(classes) };
}
