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

/** Sublinear tf (1 + ln tf) × idf, L2-normalised; unknown terms are dropped. */
export function vectorize(vectorizer: Vectorizer, counts: ReadonlyMap<string, number>): SparseVector {
  const entries: Array<[number, number]> = [];
  for (const [term, tf] of counts) {
    const i = vectorizer.index.get(term);
    if (i !== undefined) entries.push([i, (1 + Math.log(tf)) * (vectorizer.idf[i] as number)]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
  return { indices: Int32Array.from(entries, ([i]) => i), values: Float32Array.from(entries, ([, v]) => v / norm) };
}

export function vectorizeDocument(vectorizer: Vectorizer, document: Document): SparseVector {
  return vectorize(vectorizer, termCounts(document, vectorizer.options));
}
