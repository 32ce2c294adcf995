import { termCounts, type Document, type FeatureOptions } from './features';
import type { SparseVector } from './sparse';

/** Vocabulary and inverse document frequencies learnt from training documents. */
export interface Vectorizer {
  readonly options: FeatureOptions;
  /** Terms in code-point order: a term's position is its feature index. */
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  readonly index: ReadonlyMap<string, number>;
}

/**
 * Keeps terms seen in at least `minDf` documents, in code-point order so the same documents always give
 * the same indices. Smoothed idf as in scikit-learn: ln((1 + n) / (1 + df)) + 1.
 */
export function fitVectorizer(counts: readonly ReadonlyMap<string, number>[], options: FeatureOptions, minDf: number): Vectorizer {
  const df = new Map<string, number>();
  for (const doc of counts) for (const term of doc.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df].filter(([, n]) => n >= minDf).map(([term]) => term).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const idf = new Float32Array(terms.length);
  terms.forEach((term, i) => (idf[i] = Math.log((1 + counts.length) / (1 + (df.get(term) ?? 0))) + 1));
  return vectorizerOf(options, terms, idf);
}

export function vectorizerOf(options: FeatureOptions, terms: readonly string[], idf: Float32Array): Vectorizer {
  return { options, terms, idf, index: new Map(terms.map((term, i) => [term, i])) };
}

/**
 * Sublinear tf (1 + ln tf) × idf, L2-normalised; unknown terms are dropped. Entries keep the order of
 * the counts (the text's order), which is deterministic; no dot product needs them sorted.
 */
export function vectorize(vectorizer: Vectorizer, counts: ReadonlyMap<string, number>): SparseVector {
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let n = 0;
  let squares = 0;
  for (const [term, tf] of counts) {
    const i = vectorizer.index.get(term);
    if (i === undefined) continue;
    const value = (1 + Math.log(tf)) * vectorizer.idf[i];
    indices[n] = i;
    values[n] = value;
    squares += value * value;
    n += 1;
  }
  const norm = Math.sqrt(squares) || 1;
  for (let j = 0; j < n; j += 1) values[j] /= norm;
  return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
}

export function vectorizeDocument(vectorizer: Vectorizer, document: Document): SparseVector {
  return vectorize(vectorizer, termCounts(document, vectorizer.options));
}
