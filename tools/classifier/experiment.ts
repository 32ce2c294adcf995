// Cross-validation experiments for the text classifier (issue 9), on the training 80 % of the fixed split
// only: the held-out 20 % is never read. Each run scores one base model by 5-fold stratified CV (the
// trainer's folds and seed, or --fold-seed N for a repetition on other folds) and stores its out-of-fold
// margins in --out (default /tmp/i9clf-cv), so ensembles of stored runs are scored without retraining.
//   npm run build && node dist/tools/classifier/experiment.js --data messages.csv --run NAME [--fold-seed N]
//   node dist/tools/classifier/experiment.js --data messages.csv --ensemble NAME+NAME[:w,w] [--mean log]
import { mkdirSync, readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { evaluate, fitTemperature, softmax, stratifiedFolds, stratifiedSplit, type LabelledDocument } from '@hotline/text-classifier';
import { seededRandom, shuffled } from '../../libs/text-classifier/src/random';
import { parseArgs, readLabelledCsv } from './report';

interface Sparse {
  indices: Int32Array;
  values: Float32Array;
}

// ---------- tokens ----------
interface Run {
  text: string;
  isHan: boolean;
}
interface TextTokens {
  runs: Run[];
  words: string[];
}
const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;
const DIGITS = /^\p{N}+$/u;
const jieba = Jieba.withDict(dict);

function tokens(text: string): TextTokens {
  const runs = (text.normalize('NFKC').toLowerCase().match(RUNS) ?? []).map((run) => (DIGITS.test(run) ? '0' : run));
  const words: string[] = [];
  const out: Run[] = [];
  for (const run of runs) {
    const isHan = HAN.test(run);
    out.push({ text: run, isHan });
    if (isHan) words.push(...jieba.cut(run, true));
    else words.push(run);
  }
  return { runs: out, words };
}

// ---------- features ----------
interface Block {
  prefix: string;
  source: 'all' | 'title' | 'detail';
  chars?: [number, number];
  /** char n-grams inside each jieba word, padded with boundary marks (sklearn's char_wb). */
  charWb?: [number, number];
  words?: boolean;
  bigrams?: boolean;
  latin?: boolean;
  weight?: number;
}
interface FeatureSpec {
  blocks: Block[];
  /** 'global': one L2 norm over everything (the current vectorizer); 'block': each block L2-normalised, weighted, then all again. */
  norm: 'global' | 'block';
  minDf: number;
  tf: 'sublinear' | 'binary' | 'raw';
}

const BASE_BLOCK = { chars: [1, 3] as [number, number], words: true, bigrams: true, latin: true };
const CURRENT: FeatureSpec = {
  blocks: [
    { prefix: '', source: 'all', ...BASE_BLOCK },
    { prefix: 't', source: 'title', ...BASE_BLOCK },
  ],
  norm: 'global',
  minDf: 2,
  tf: 'sublinear',
};

function add(counts: Map<string, number>, term: string): void {
  counts.set(term, (counts.get(term) ?? 0) + 1);
}

function blockTerms(t: TextTokens, b: Block, counts: Map<string, number>): void {
  const p = b.prefix;
  for (const run of t.runs) {
    if (run.isHan) {
      if (b.chars) for (let n = b.chars[0]; n <= b.chars[1]; n += 1) for (let i = 0; i + n <= run.text.length; i += 1) add(counts, `${p}c${run.text.slice(i, i + n)}`);
    } else if (b.latin && run.text.length > 2 && !DIGITS.test(run.text)) {
      const padded = ` ${run.text} `;
      for (let n = 3; n <= 5; n += 1) for (let i = 0; i + n <= padded.length; i += 1) add(counts, `${p}l${padded.slice(i, i + n)}`);
    }
  }
  if (b.words) for (const w of t.words) add(counts, `${p}w${w}`);
  if (b.bigrams) for (let i = 0; i + 1 < t.words.length; i += 1) add(counts, `${p}b${t.words[i]} ${t.words[i + 1]}`);
  if (b.charWb) {
    for (const w of t.words) {
      if (!HAN.test(w)) continue;
      const padded = `<${w}>`;
      for (let n = b.charWb[0]; n <= b.charWb[1]; n += 1) for (let i = 0; i + n <= padded.length; i += 1) add(counts, `${p}k${padded.slice(i, i + n)}`);
    }
  }
}

interface DocTokens {
  title: TextTokens;
  detail: TextTokens;
  all: TextTokens;
}

function docTokens(d: LabelledDocument): DocTokens {
  const title = tokens(d.title);
  const detail = tokens(d.detail.slice(0, 1000));
  return { title, detail, all: { runs: [...title.runs, ...detail.runs], words: [...title.words, ...detail.words] } };
}

function vectorizeAll(docs: readonly DocTokens[], spec: FeatureSpec): { rows: Sparse[]; dimension: number; terms: string[] } {
  const perBlock = docs.map((d) =>
    spec.blocks.map((b) => {
      const counts = new Map<string, number>();
      if (b.source !== 'title' || d.title.runs.length > 0) blockTerms(d[b.source], b, counts);
      return counts;
    }),
  );
  const df = new Map<string, number>();
  for (const blocks of perBlock) {
    const seen = new Set<string>();
    for (const counts of blocks) for (const term of counts.keys()) seen.add(term);
    for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const terms = [...df].filter(([, n]) => n >= spec.minDf).map(([t]) => t).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(terms.map((t, i) => [t, i]));
  const idf = Float64Array.from(terms, (t) => Math.log((1 + docs.length) / (1 + (df.get(t) ?? 0))) + 1);
  const rows = perBlock.map((blocks) => {
    // Blocks share terms only when prefixes coincide; merge by term for the global norm (as the current vectorizer does).
    const merged = new Map<string, { value: number; block: number }>();
    blocks.forEach((counts, k) => {
      for (const [term, tf] of counts) {
        const prev = merged.get(term);
        if (prev) prev.value += tf;
        else merged.set(term, { value: tf, block: k });
      }
    });
    const indices: number[] = [];
    const values: number[] = [];
    const blockOf: number[] = [];
    for (const [term, { value: tf, block }] of merged) {
      const i = index.get(term);
      if (i === undefined) continue;
      const w = spec.tf === 'sublinear' ? 1 + Math.log(tf) : spec.tf === 'binary' ? 1 : tf;
      indices.push(i);
      values.push(w * idf[i]);
      blockOf.push(block);
    }
    if (spec.norm === 'block') {
      const sq = new Float64Array(spec.blocks.length);
      values.forEach((v, j) => (sq[blockOf[j]] += v * v));
      values.forEach((v, j) => (values[j] = (v / (Math.sqrt(sq[blockOf[j]]) || 1)) * (spec.blocks[blockOf[j]].weight ?? 1)));
    }
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    return { indices: Int32Array.from(indices), values: Float32Array.from(values, (v) => v / norm) };
  });
  return { rows, dimension: terms.length, terms };
}

// ---------- models ----------
type Scorer = (x: Sparse) => Float64Array;
interface Trainer {
  train(rows: readonly Sparse[], y: readonly number[], classes: number, dimension: number): Scorer;
}

function linearScorer(weights: Float64Array | Float32Array, bias: Float64Array, classes: number): Scorer {
  return (x) => {
    const out = Float64Array.from(bias);
    for (let n = 0; n < x.indices.length; n += 1) {
      const o = x.indices[n] * classes;
      const v = x.values[n];
      for (let k = 0; k < classes; k += 1) out[k] += weights[o + k] * v;
    }
    return out;
  };
}

const dot = (w: Float64Array, x: Sparse): number => {
  let s = 0;
  for (let j = 0; j < x.indices.length; j += 1) s += w[x.indices[j]] * x.values[j];
  return s;
};
const sqNorm = (x: Sparse): number => x.values.reduce((s, v) => s + v * v, 0);

/** The library's DCD squared-hinge OvR SVM, with an optional cost per class (class weights). */
function svm(c: number, options: { balanced?: boolean | number; maxEpochs?: number; tolerance?: number; seed?: number } = {}): Trainer {
  const maxEpochs = options.maxEpochs ?? 60;
  const tolerance = options.tolerance ?? 0.05;
  const seed = options.seed ?? 20260101;
  return {
    train(rows, labels, classes, dimension) {
      const norms = Float64Array.from(rows, sqNorm);
      const counts = new Float64Array(classes);
      labels.forEach((k) => (counts[k] += 1));
      const power = options.balanced === true ? 1 : typeof options.balanced === 'number' ? options.balanced : 0;
      const classWeight = Float64Array.from(counts, (n) => Math.pow(rows.length / (classes * n), power));
      const weights = new Float64Array(classes * dimension);
      const bias = new Float64Array(classes);
      for (let k = 0; k < classes; k += 1) {
        const y = Int8Array.from(labels, (l) => (l === k ? 1 : -1));
        const diag = Float64Array.from(labels, (l) => 1 / (2 * c * classWeight[l]));
        const w = new Float64Array(dimension);
        let b = 0;
        const alpha = new Float64Array(rows.length);
        const random = seededRandom(seed + k);
        const order = rows.map((_, i) => i);
        for (let epoch = 0; epoch < maxEpochs; epoch += 1) {
          let maxPg = -Infinity;
          let minPg = Infinity;
          for (const i of shuffled(order, random)) {
            const x = rows[i];
            const yi = y[i];
            const a = alpha[i];
            const g = yi * (dot(w, x) + b) - 1 + diag[i] * a;
            const pg = a === 0 ? Math.min(g, 0) : g;
            maxPg = Math.max(maxPg, pg);
            minPg = Math.min(minPg, pg);
            if (Math.abs(pg) < 1e-12) continue;
            const next = Math.max(a - g / (norms[i] + 1 + diag[i]), 0);
            const step = (next - a) * yi;
            alpha[i] = next;
            for (let j = 0; j < x.indices.length; j += 1) w[x.indices[j]] += step * x.values[j];
            b += step;
          }
          if (maxPg - minPg < tolerance) break;
        }
        for (let j = 0; j < dimension; j += 1) weights[j * classes + k] = Math.fround(w[j]);
        bias[k] = Math.fround(b);
      }
      return linearScorer(weights, bias, classes);
    },
  };
}

/**
 * Options of the issue-9 round-3 SVM variants: 'l1' is the hinge loss (the dual box 0 ≤ α ≤ C_i, no
 * diagonal term) instead of the squared hinge; nb scales each binary problem's features by their
 * naive-Bayes log-count ratio (NBSVM, Wang & Manning 2012), the weights folded back afterwards.
 */
interface SvmVariant {
  loss?: 'l1' | 'l2';
  balanced?: boolean;
  /** NBSVM: smoothing of the log-count ratio; 'binary': r from document counts (the paper's binarised features) and the SVM on binarised rows, L2-normalised. */
  nb?: { alpha: number; binary?: boolean; beta?: number };
  maxEpochs?: number;
  tolerance?: number;
}

function binarised(x: Sparse): Sparse {
  const v = 1 / Math.sqrt(x.indices.length || 1);
  return { indices: x.indices, values: new Float32Array(x.indices.length).fill(v) };
}

function svmVariant(c: number, options: SvmVariant = {}): Trainer {
  const maxEpochs = options.maxEpochs ?? 60;
  const tolerance = options.tolerance ?? 0.05;
  const l1 = options.loss === 'l1';
  return {
    train(inputRows, labels, classes, dimension) {
      const rows = options.nb?.binary ? inputRows.map(binarised) : inputRows;
      const counts = new Float64Array(classes);
      labels.forEach((k) => (counts[k] += 1));
      const classWeight = Float64Array.from(counts, (n) => (options.balanced ? rows.length / (classes * n) : 1));
      const weights = new Float64Array(classes * dimension);
      const bias = new Float64Array(classes);
      for (let k = 0; k < classes; k += 1) {
        const y = Int8Array.from(labels, (l) => (l === k ? 1 : -1));
        let r: Float64Array | null = null;
        let xs: readonly Sparse[] = rows;
        if (options.nb) {
          const a = options.nb.alpha;
          const p = new Float64Array(dimension).fill(a);
          const q = new Float64Array(dimension).fill(a);
          rows.forEach((x, i) => {
            const into = y[i] === 1 ? p : q;
            for (let j = 0; j < x.indices.length; j += 1) into[x.indices[j]] += options.nb?.binary ? 1 : x.values[j];
          });
          const sp = p.reduce((s, v) => s + v, 0);
          const sq = q.reduce((s, v) => s + v, 0);
          const ratio = Float64Array.from(p, (v, j) => Math.log(v / sp / (q[j] / sq)));
          r = ratio;
          xs = rows.map((x) => ({ indices: x.indices, values: Float32Array.from(x.values, (v, j) => v * ratio[x.indices[j]]) }));
        }
        const norms = Float64Array.from(xs, sqNorm);
        const upper = Float64Array.from(labels, (l) => c * classWeight[l]);
        const diag = Float64Array.from(labels, (l) => (l1 ? 0 : 1 / (2 * c * classWeight[l])));
        const w = new Float64Array(dimension);
        let b = 0;
        const alpha = new Float64Array(rows.length);
        const random = seededRandom(20260101 + k);
        const order = rows.map((_, i) => i);
        for (let epoch = 0; epoch < maxEpochs; epoch += 1) {
          let maxPg = -Infinity;
          let minPg = Infinity;
          for (const i of shuffled(order, random)) {
            const x = xs[i];
            const yi = y[i];
            const a = alpha[i];
            const g = yi * (dot(w, x) + b) - 1 + diag[i] * a;
            const pg = a === 0 ? Math.min(g, 0) : l1 && a >= upper[i] ? Math.max(g, 0) : g;
            maxPg = Math.max(maxPg, pg);
            minPg = Math.min(minPg, pg);
            if (Math.abs(pg) < 1e-12) continue;
            let next = Math.max(a - g / (norms[i] + 1 + diag[i]), 0);
            if (l1) next = Math.min(next, upper[i]);
            const step = (next - a) * yi;
            alpha[i] = next;
            for (let j = 0; j < x.indices.length; j += 1) w[x.indices[j]] += step * x.values[j];
            b += step;
          }
          if (maxPg - minPg < tolerance) break;
        }
        const beta = options.nb?.beta ?? 1;
        let meanAbs = 0;
        if (beta !== 1) {
          for (let j = 0; j < dimension; j += 1) meanAbs += Math.abs(w[j]);
          meanAbs /= dimension;
        }
        for (let j = 0; j < dimension; j += 1) {
          const wj = beta === 1 ? w[j] : (1 - beta) * meanAbs + beta * w[j];
          weights[j * classes + k] = Math.fround(r ? wj * r[j] : wj);
        }
        bias[k] = Math.fround(b);
      }
      const scorer = linearScorer(weights, bias, classes);
      return options.nb?.binary ? (x) => scorer(binarised(x)) : scorer;
    },
  };
}

/** Multinomial logistic regression, L2, by SGD with the weight-scaling trick (Bottou), deterministic order. */
function softmaxRegression(lambda: number, epochs: number, options: { balanced?: boolean; eta0?: number } = {}): Trainer {
  return {
    train(rows, labels, classes, dimension) {
      const W = new Float64Array(dimension * classes);
      const b = new Float64Array(classes);
      const counts = new Float64Array(classes);
      labels.forEach((k) => (counts[k] += 1));
      const cw = Float64Array.from(counts, (n) => (options.balanced ? rows.length / (classes * n) : 1));
      let scale = 1;
      const random = seededRandom(20260101);
      const order = rows.map((_, i) => i);
      const eta0 = options.eta0 ?? 0.5;
      let t = 0;
      const z = new Float64Array(classes);
      for (let e = 0; e < epochs; e += 1) {
        for (const i of shuffled(order, random)) {
          const eta = eta0 / (1 + eta0 * lambda * t);
          t += 1;
          const x = rows[i];
          z.set(b);
          for (let n = 0; n < x.indices.length; n += 1) {
            const o = x.indices[n] * classes;
            const v = x.values[n] * scale;
            for (let k = 0; k < classes; k += 1) z[k] += W[o + k] * v;
          }
          let max = -Infinity;
          for (let k = 0; k < classes; k += 1) max = Math.max(max, z[k]);
          let sum = 0;
          for (let k = 0; k < classes; k += 1) sum += z[k] = Math.exp(z[k] - max);
          scale *= 1 - eta * lambda;
          const wi = cw[labels[i]];
          for (let k = 0; k < classes; k += 1) {
            const g = wi * (z[k] / sum - (k === labels[i] ? 1 : 0));
            z[k] = g;
            b[k] -= eta * g * 0.1;
          }
          for (let n = 0; n < x.indices.length; n += 1) {
            const o = x.indices[n] * classes;
            const v = (eta * x.values[n]) / scale;
            for (let k = 0; k < classes; k += 1) W[o + k] -= z[k] * v;
          }
          if (scale < 1e-6) {
            for (let j = 0; j < W.length; j += 1) W[j] *= scale;
            scale = 1;
          }
        }
      }
      for (let j = 0; j < W.length; j += 1) W[j] *= scale;
      return linearScorer(W, b, classes);
    },
  };
}

/** Complement naive Bayes (Rennie et al. 2003) on the TF-IDF rows, weights normalised. Score: minus the complement log-likelihood. */
function complementNb(alpha: number): Trainer {
  return {
    train(rows, labels, classes, dimension) {
      const featureCount = new Float64Array(dimension * classes);
      const total = new Float64Array(dimension);
      rows.forEach((x, i) => {
        for (let n = 0; n < x.indices.length; n += 1) {
          featureCount[x.indices[n] * classes + labels[i]] += x.values[n];
          total[x.indices[n]] += x.values[n];
        }
      });
      const W = new Float64Array(dimension * classes);
      for (let k = 0; k < classes; k += 1) {
        let sum = 0;
        for (let j = 0; j < dimension; j += 1) sum += total[j] - featureCount[j * classes + k] + alpha;
        let abs = 0;
        for (let j = 0; j < dimension; j += 1) {
          const w = Math.log((total[j] - featureCount[j * classes + k] + alpha) / sum);
          W[j * classes + k] = w;
          abs += Math.abs(w);
        }
        for (let j = 0; j < dimension; j += 1) W[j * classes + k] = -W[j * classes + k] / abs;
      }
      return linearScorer(W, new Float64Array(classes), classes);
    },
  };
}

/** Multinomial naive Bayes on the TF-IDF rows: log of the class's smoothed share of each feature, plus the log prior. */
function multinomialNb(alpha: number): Trainer {
  return {
    train(rows, labels, classes, dimension) {
      const featureCount = new Float64Array(dimension * classes);
      const prior = new Float64Array(classes);
      rows.forEach((x, i) => {
        prior[labels[i]] += 1;
        for (let n = 0; n < x.indices.length; n += 1) featureCount[x.indices[n] * classes + labels[i]] += x.values[n];
      });
      const W = new Float64Array(dimension * classes);
      const bias = Float64Array.from(prior, (n) => Math.log(n / rows.length));
      for (let k = 0; k < classes; k += 1) {
        let sum = 0;
        for (let j = 0; j < dimension; j += 1) sum += featureCount[j * classes + k] + alpha;
        for (let j = 0; j < dimension; j += 1) W[j * classes + k] = Math.log((featureCount[j * classes + k] + alpha) / sum);
      }
      return linearScorer(W, bias, classes);
    },
  };
}

/** chi² (scikit-learn's, on the TF-IDF values) on the training fold; keeps the k best features for the inner trainer. */
function chi2Select(k: number, inner: Trainer): Trainer {
  return {
    train(rows, labels, classes, dimension) {
      const observed = new Float64Array(dimension * classes);
      const featureSum = new Float64Array(dimension);
      const classCount = new Float64Array(classes);
      rows.forEach((x, i) => {
        classCount[labels[i]] += 1;
        for (let n = 0; n < x.indices.length; n += 1) {
          observed[x.indices[n] * classes + labels[i]] += x.values[n];
          featureSum[x.indices[n]] += x.values[n];
        }
      });
      const score = new Float64Array(dimension);
      for (let j = 0; j < dimension; j += 1) {
        let s = 0;
        for (let c = 0; c < classes; c += 1) {
          const e = (featureSum[j] * classCount[c]) / rows.length;
          if (e > 0) s += (observed[j * classes + c] - e) ** 2 / e;
        }
        score[j] = s;
      }
      const order = Array.from({ length: dimension }, (_, j) => j).sort((a, b) => score[b] - score[a] || a - b);
      const keep = new Uint8Array(dimension);
      for (const j of order.slice(0, k)) keep[j] = 1;
      const filter = (x: Sparse): Sparse => {
        const idx: number[] = [];
        const val: number[] = [];
        for (let n = 0; n < x.indices.length; n += 1) {
          if (!keep[x.indices[n]]) continue;
          idx.push(x.indices[n]);
          val.push(x.values[n]);
        }
        return { indices: Int32Array.from(idx), values: Float32Array.from(val) };
      };
      const scorer = inner.train(rows.map(filter), labels, classes, dimension);
      return (x) => scorer(filter(x));
    },
  };
}

/** k nearest training rows by cosine (rows are L2-normalised); class score: sum of similarity^p of the k nearest. */
function knn(k: number, power: number): Trainer {
  return {
    train(rows, labels, classes, dimension) {
      const postings: number[][] = Array.from({ length: dimension }, () => []);
      const postingValues: number[][] = Array.from({ length: dimension }, () => []);
      rows.forEach((x, i) => {
        for (let n = 0; n < x.indices.length; n += 1) {
          postings[x.indices[n]].push(i);
          postingValues[x.indices[n]].push(x.values[n]);
        }
      });
      const sims = new Float64Array(rows.length);
      return (x) => {
        sims.fill(0);
        for (let n = 0; n < x.indices.length; n += 1) {
          const p = postings[x.indices[n]];
          const v = postingValues[x.indices[n]];
          const xv = x.values[n];
          for (let m = 0; m < p.length; m += 1) sims[p[m]] += xv * v[m];
        }
        const top = Array.from(sims.keys()).sort((a, b) => sims[b] - sims[a] || a - b).slice(0, k);
        const out = new Float64Array(classes);
        for (const i of top) out[labels[i]] += Math.pow(Math.max(0, sims[i]), power);
        return out;
      };
    },
  };
}

/** fastText-style: an embedding per feature, the document the weighted mean (its TF-IDF values), a softmax layer; SGD with linearly decaying rate. */
function fastText(dim: number, epochs: number, lr: number): Trainer {
  return {
    train(rows, labels, classes, dimension) {
      const random = seededRandom(20260101);
      const E = Float32Array.from({ length: dimension * dim }, () => (random() * 2 - 1) / dim);
      const O = new Float32Array(classes * dim);
      const b = new Float64Array(classes);
      const h = new Float64Array(dim);
      const gh = new Float64Array(dim);
      const z = new Float64Array(classes);
      const order = rows.map((_, i) => i);
      const total = epochs * rows.length;
      let t = 0;
      const hidden = (x: Sparse): number => {
        h.fill(0);
        let sum = 0;
        for (let n = 0; n < x.indices.length; n += 1) {
          const o = x.indices[n] * dim;
          const v = x.values[n];
          sum += v;
          for (let d = 0; d < dim; d += 1) h[d] += E[o + d] * v;
        }
        const inv = sum > 0 ? 1 / sum : 0;
        for (let d = 0; d < dim; d += 1) h[d] *= inv;
        return inv;
      };
      for (let e = 0; e < epochs; e += 1) {
        for (const i of shuffled(order, random)) {
          const rate = lr * (1 - t / total);
          t += 1;
          const x = rows[i];
          const inv = hidden(x);
          let max = -Infinity;
          for (let k = 0; k < classes; k += 1) {
            let s = b[k];
            for (let d = 0; d < dim; d += 1) s += O[k * dim + d] * h[d];
            z[k] = s;
            max = Math.max(max, s);
          }
          let sum = 0;
          for (let k = 0; k < classes; k += 1) sum += z[k] = Math.exp(z[k] - max);
          gh.fill(0);
          for (let k = 0; k < classes; k += 1) {
            const g = z[k] / sum - (k === labels[i] ? 1 : 0);
            for (let d = 0; d < dim; d += 1) {
              gh[d] += g * O[k * dim + d];
              O[k * dim + d] -= rate * g * h[d];
            }
            b[k] -= rate * g;
          }
          for (let n = 0; n < x.indices.length; n += 1) {
            const o = x.indices[n] * dim;
            const v = x.values[n] * inv * rate;
            for (let d = 0; d < dim; d += 1) E[o + d] -= v * gh[d];
          }
        }
      }
      return (x) => {
        hidden(x);
        const out = Float64Array.from(b);
        for (let k = 0; k < classes; k += 1) for (let d = 0; d < dim; d += 1) out[k] += O[k * dim + d] * h[d];
        return out;
      };
    },
  };
}

// ---------- configurations ----------
interface Config {
  features: FeatureSpec;
  model: Trainer;
}

const blocks = (...bs: Block[]): Block[] => bs;
const spec = (bs: Block[], extra: Partial<FeatureSpec> = {}): FeatureSpec => ({ ...CURRENT, blocks: bs, ...extra });
const ALL = { prefix: '', source: 'all' as const, ...BASE_BLOCK };
const TITLE = { prefix: 't', source: 'title' as const, ...BASE_BLOCK };
const BODY = { prefix: 'd', source: 'detail' as const, ...BASE_BLOCK };

const CONFIGS: Record<string, () => Config> = {
  'svm-c2': () => ({ features: CURRENT, model: svm(2) }),
  'svm-c1': () => ({ features: CURRENT, model: svm(1) }),
  'svm-c4': () => ({ features: CURRENT, model: svm(4) }),
  'svm-c2-balanced': () => ({ features: CURRENT, model: svm(2, { balanced: true }) }),
  'svm-c2-balanced05': () => ({ features: CURRENT, model: svm(2, { balanced: 0.5 }) }),
  'svm-c2-blocknorm': () => ({ features: spec([ALL, TITLE], { norm: 'block' }), model: svm(2) }),
  'svm-c2-blocknorm-t05': () => ({ features: spec([ALL, { ...TITLE, weight: 0.5 }], { norm: 'block' }), model: svm(2) }),
  'svm-c2-title-body': () => ({ features: spec([TITLE, BODY]), model: svm(2) }),
  'svm-c2-title-body-blocknorm': () => ({ features: spec([TITLE, BODY], { norm: 'block' }), model: svm(2) }),
  'svm-c2-all-title-body': () => ({ features: spec([ALL, TITLE, BODY]), model: svm(2) }),
  'svm-c2-charwb24': () => ({ features: spec(blocks({ ...ALL, charWb: [2, 4] }, TITLE)), model: svm(2) }),
  'svm-c2-charwb24-nochar3': () => ({ features: spec(blocks({ ...ALL, chars: [1, 2], charWb: [2, 4] }, TITLE)), model: svm(2) }),
  'svm-c2-binary': () => ({ features: spec([ALL, TITLE], { tf: 'binary' }), model: svm(2) }),
  'svm-c2-mindf3': () => ({ features: spec([ALL, TITLE], { minDf: 3 }), model: svm(2) }),
  'svm-c2-chi2-100k': () => ({ features: CURRENT, model: chi2Select(100_000, svm(2)) }),
  'svm-c2-chi2-200k': () => ({ features: CURRENT, model: chi2Select(200_000, svm(2)) }),
  'svm-c2-chi2-50k': () => ({ features: CURRENT, model: chi2Select(50_000, svm(2)) }),
  'svm-title-only-c1': () => ({ features: spec([TITLE]), model: svm(1) }),
  'svm-title-only-c05': () => ({ features: spec([TITLE]), model: svm(0.5) }),
  'cnb-a01': () => ({ features: CURRENT, model: complementNb(0.1) }),
  'cnb-a03': () => ({ features: CURRENT, model: complementNb(0.3) }),
  'cnb-a1': () => ({ features: CURRENT, model: complementNb(1) }),
  'cnb-a003': () => ({ features: CURRENT, model: complementNb(0.03) }),
  'cnb-a001': () => ({ features: CURRENT, model: complementNb(0.01) }),
  'cnb-a0003': () => ({ features: CURRENT, model: complementNb(0.003) }),
  'lr-l1e-6-e20': () => ({ features: CURRENT, model: softmaxRegression(1e-6, 20) }),
  'lr-l1e-7-e20': () => ({ features: CURRENT, model: softmaxRegression(1e-7, 20) }),
  'lr-l1e-5-e10': () => ({ features: CURRENT, model: softmaxRegression(1e-5, 10) }),
  'lr-l3e-6-e10': () => ({ features: CURRENT, model: softmaxRegression(3e-6, 10) }),
  'lr-l1e-6-e10': () => ({ features: CURRENT, model: softmaxRegression(1e-6, 10) }),
  'lr-l3e-5-e10': () => ({ features: CURRENT, model: softmaxRegression(3e-5, 10) }),
  'cnb-wb-a003': () => ({ features: WB, model: complementNb(0.03) }),
  'cnb-wb-a01': () => ({ features: WB, model: complementNb(0.1) }),
  'cnb-wb-a001': () => ({ features: WB, model: complementNb(0.01) }),
  'knn-k10': () => ({ features: CURRENT, model: knn(10, 1) }),
  'knn-k30-p3': () => ({ features: CURRENT, model: knn(30, 3) }),
  'ft-d32-e10-lr05': () => ({ features: CURRENT, model: fastText(32, 10, 0.5) }),
  'ft-d64-e20-lr05': () => ({ features: CURRENT, model: fastText(64, 20, 0.5) }),
  'ft-d32-e20-lr1': () => ({ features: CURRENT, model: fastText(32, 20, 1) }),
  'svm-c2-wb-balanced': () => ({ features: WB, model: svm(2, { balanced: true }) }),
  'svm-c1-wb': () => ({ features: WB, model: svm(1) }),
  'svm-c4-wb': () => ({ features: WB, model: svm(4) }),
  'svm-c2-wb15': () => ({ features: spec(blocks({ ...ALL, chars: [1, 2], charWb: [2, 5] }, TITLE)), model: svm(2) }),
  'svm-c2-wb-title': () => ({ features: spec(blocks({ ...ALL, chars: [1, 2], charWb: [2, 4] }, { ...TITLE, chars: [1, 2], charWb: [2, 4] })), model: svm(2) }),
  'svm-c05-wb-bal-v': () => ({ features: WB, model: svmVariant(0.5, { balanced: true }) }),
  'svm-l1-c05-wb-bal': () => ({ features: WB, model: svmVariant(0.5, { balanced: true, loss: 'l1' }) }),
  'svm-c1-wb-bal-v': () => ({ features: WB, model: svmVariant(1, { balanced: true }) }),
  'svm-l1-c1-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, loss: 'l1' }) }),
  'svm-c2-wb-bal-v': () => ({ features: WB, model: svmVariant(2, { balanced: true }) }),
  'svm-l1-c2-wb-bal': () => ({ features: WB, model: svmVariant(2, { balanced: true, loss: 'l1' }) }),
  'svm-c3-wb-bal-v': () => ({ features: WB, model: svmVariant(3, { balanced: true }) }),
  'svm-l1-c3-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, loss: 'l1' }) }),
  'svm-c4-wb-bal-v': () => ({ features: WB, model: svmVariant(4, { balanced: true }) }),
  'svm-l1-c4-wb-bal': () => ({ features: WB, model: svmVariant(4, { balanced: true, loss: 'l1' }) }),
  'svm-c6-wb-bal-v': () => ({ features: WB, model: svmVariant(6, { balanced: true }) }),
  'svm-l1-c6-wb-bal': () => ({ features: WB, model: svmVariant(6, { balanced: true, loss: 'l1' }) }),
  'svm-c8-wb-bal-v': () => ({ features: WB, model: svmVariant(8, { balanced: true }) }),
  'svm-l1-c8-wb-bal': () => ({ features: WB, model: svmVariant(8, { balanced: true, loss: 'l1' }) }),
  'nbsvm-c01-a01-wb-bal': () => ({ features: WB, model: svmVariant(0.1, { balanced: true, nb: { alpha: 0.1 } }) }),
  'nbsvm-b025-c01-a01-wb-bal': () => ({ features: WB, model: svmVariant(0.1, { balanced: true, nb: { alpha: 0.1, beta: 0.25 } }) }),
  'nbsvm-c01-a001-wb-bal': () => ({ features: WB, model: svmVariant(0.1, { balanced: true, nb: { alpha: 0.01 } }) }),
  'nbsvm-b025-c01-a001-wb-bal': () => ({ features: WB, model: svmVariant(0.1, { balanced: true, nb: { alpha: 0.01, beta: 0.25 } }) }),
  'nbsvm-bin-c01-wb-bal': () => ({ features: WB, model: svmVariant(0.1, { balanced: true, nb: { alpha: 1, binary: true } }) }),
  'nbsvm-bin-b025-c01-wb-bal': () => ({ features: WB, model: svmVariant(0.1, { balanced: true, nb: { alpha: 1, binary: true, beta: 0.25 } }) }),
  'nbsvm-c03-a01-wb-bal': () => ({ features: WB, model: svmVariant(0.3, { balanced: true, nb: { alpha: 0.1 } }) }),
  'nbsvm-b025-c03-a01-wb-bal': () => ({ features: WB, model: svmVariant(0.3, { balanced: true, nb: { alpha: 0.1, beta: 0.25 } }) }),
  'nbsvm-c03-a001-wb-bal': () => ({ features: WB, model: svmVariant(0.3, { balanced: true, nb: { alpha: 0.01 } }) }),
  'nbsvm-b025-c03-a001-wb-bal': () => ({ features: WB, model: svmVariant(0.3, { balanced: true, nb: { alpha: 0.01, beta: 0.25 } }) }),
  'nbsvm-bin-c03-wb-bal': () => ({ features: WB, model: svmVariant(0.3, { balanced: true, nb: { alpha: 1, binary: true } }) }),
  'nbsvm-bin-b025-c03-wb-bal': () => ({ features: WB, model: svmVariant(0.3, { balanced: true, nb: { alpha: 1, binary: true, beta: 0.25 } }) }),
  'nbsvm-c1-a01-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, nb: { alpha: 0.1 } }) }),
  'nbsvm-b025-c1-a01-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, nb: { alpha: 0.1, beta: 0.25 } }) }),
  'nbsvm-c1-a001-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, nb: { alpha: 0.01 } }) }),
  'nbsvm-b025-c1-a001-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, nb: { alpha: 0.01, beta: 0.25 } }) }),
  'nbsvm-bin-c1-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, nb: { alpha: 1, binary: true } }) }),
  'nbsvm-bin-b025-c1-wb-bal': () => ({ features: WB, model: svmVariant(1, { balanced: true, nb: { alpha: 1, binary: true, beta: 0.25 } }) }),
  'nbsvm-c3-a01-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, nb: { alpha: 0.1 } }) }),
  'nbsvm-b025-c3-a01-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, nb: { alpha: 0.1, beta: 0.25 } }) }),
  'nbsvm-c3-a001-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, nb: { alpha: 0.01 } }) }),
  'nbsvm-b025-c3-a001-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, nb: { alpha: 0.01, beta: 0.25 } }) }),
  'nbsvm-bin-c3-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, nb: { alpha: 1, binary: true } }) }),
  'nbsvm-bin-b025-c3-wb-bal': () => ({ features: WB, model: svmVariant(3, { balanced: true, nb: { alpha: 1, binary: true, beta: 0.25 } }) }),
  'mnb-wb-a001': () => ({ features: WB, model: multinomialNb(0.01) }),
  'mnb-wb-a003': () => ({ features: WB, model: multinomialNb(0.03) }),
  'mnb-wb-a01': () => ({ features: WB, model: multinomialNb(0.1) }),
  'cnb-wb-a0003': () => ({ features: WB, model: complementNb(0.003) }),
  'svm-c2-balanced-v': () => ({ features: CURRENT, model: svmVariant(2, { balanced: true }) }),
  'svm-c2-wb-nobigram': () => ({ features: spec(blocks({ ...ALL, chars: [1, 2], charWb: [2, 4], bigrams: false }, TITLE)), model: svm(2) }),
};
const WB = spec(blocks({ ...ALL, chars: [1, 2], charWb: [2, 4] }, TITLE));

// ---------- running ----------
const FOLDS = 5;
const FOLD_SEED = 20260101;
const SPLIT_SEED = 12345;

interface Stored {
  name: string;
  margins: number[][];
}

function scoreOf(margins: readonly ArrayLike<number>[], y: readonly number[], labels: readonly string[]): { macroF1: number; accuracy: number } {
  const predicted = margins.map((m) => {
    let best = 0;
    for (let k = 1; k < m.length; k += 1) if (m[k] > m[best]) best = k;
    return labels[best];
  });
  const e = evaluate(y.map((k) => labels[k]), predicted);
  return { macroF1: e.macroF1, accuracy: e.accuracy };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const data = args.get('data');
  if (typeof data !== 'string') throw new Error('--data FILE.csv');
  const outDir = typeof args.get('out') === 'string' ? (args.get('out') as string) : '/tmp/i9clf-cv';
  mkdirSync(outDir, { recursive: true });
  const documents = readLabelledCsv(data);
  const split = stratifiedSplit(documents.map((d) => d.labels.category ?? ''), 0.2, SPLIT_SEED);
  const train = split.train.map((i) => documents[i]);
  const labels = [...new Set(train.map((d) => d.labels.category))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const y = train.map((d) => labels.indexOf(d.labels.category));
  const foldSeed = typeof args.get('fold-seed') === 'string' ? Number(args.get('fold-seed')) : FOLD_SEED;
  const fold = stratifiedFolds(y.map(String), FOLDS, foldSeed);
  const suffix = foldSeed === FOLD_SEED ? '' : `@${foldSeed}`;
  const log = join(outDir, 'log.jsonl');

  const ensemble = args.get('ensemble');
  if (typeof ensemble === 'string') {
    // NAME+NAME[:w1,w2]: average temperature-calibrated log-probabilities... or probabilities ('--mean prob').
    const [names, ws] = ensemble.split(':');
    const members = names.split('+').map((n) => JSON.parse(readFileSync(join(outDir, `${n}${suffix}.json`), 'utf8')) as Stored);
    let weights = ws ? ws.split(',').map(Number) : members.map(() => 1);
    const mean = args.get('mean') === 'log' ? 'log' : 'prob';
    const probs = members.map((m) => {
      // Margins on a common scale first: the temperature search spans e^-4..e^4 only.
      const flat = m.margins.flat();
      const mu = flat.reduce((s, v) => s + v, 0) / flat.length;
      const sd = Math.sqrt(flat.reduce((s, v) => s + (v - mu) ** 2, 0) / flat.length) || 1;
      m.margins = m.margins.map((r) => r.map((v) => v / sd));
      const t = fitTemperature(m.margins, y);
      return m.margins.map((s) => softmax(s, t));
    });
    if (args.get('fit-weights') !== undefined && mean === 'log') {
      // Stacking by log loss: the weights of the members' calibrated log-probabilities that make the sum's
      // softmax (temperature 1) fit the out-of-fold labels best; coordinate search on each log-weight.
      const logp = probs.map((p) => p.map((r) => Array.from(r, (v) => Math.log(Math.max(1e-12, v)))));
      const nll = (w: number[]): number =>
        y.reduce((s, yi, i) => {
          const z = labels.map((_, k) => members.reduce((t, _, m) => t + w[m] * logp[m][i][k], 0));
          const max = Math.max(...z);
          return s - (z[yi] - max - Math.log(z.reduce((u, v) => u + Math.exp(v - max), 0)));
        }, 0) / y.length;
      let step = 0.5;
      let current = nll(weights);
      while (step > 0.01) {
        let moved = false;
        for (let m = 0; m < members.length; m += 1) {
          for (const dir of [1, -1]) {
            const trial = weights.map((w, j) => (j === m ? w * Math.exp(dir * step) : w));
            const loss = nll(trial);
            if (loss < current - 1e-9) {
              weights = trial;
              current = loss;
              moved = true;
            }
          }
        }
        if (!moved) step /= 2;
      }
      console.log(JSON.stringify({ fittedWeights: weights.map((w) => Number(w.toFixed(3))), logLoss: Number(current.toFixed(4)) }));
    }
    const combined = y.map((_, i) =>
      Float64Array.from(labels, (_, k) => members.reduce((s, _, m) => s + weights[m] * (mean === 'log' ? Math.log(Math.max(1e-12, probs[m][i][k])) : probs[m][i][k]), 0)),
    );
    const score = scoreOf(combined, y, labels);
    console.log(JSON.stringify({ ensemble, mean, ...score }));
    appendFileSync(log, `${JSON.stringify({ ensemble, mean, ...score, at: new Date().toISOString() })}\n`);
    return;
  }

  const name = args.get('run');
  if (typeof name !== 'string' || !CONFIGS[name]) throw new Error(`--run one of ${Object.keys(CONFIGS).join(', ')}`);
  const config = CONFIGS[name]();
  const started = Date.now();
  const toks = train.map(docTokens);
  const { rows, dimension, terms } = vectorizeAll(toks, config.features);
  const featureSeconds = (Date.now() - started) / 1000;
  const margins = new Array<Float64Array>(rows.length);
  const trainStarted = Date.now();
  for (let f = 0; f < FOLDS; f += 1) {
    const idx = rows.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const scorer = config.model.train(idx.map((i) => rows[i]), idx.map((i) => y[i]), labels.length, dimension);
    rows.forEach((row, i) => {
      if (fold[i] === f) margins[i] = scorer(row);
    });
  }
  const foldSeconds = (Date.now() - trainStarted) / 1000 / FOLDS;
  const score = scoreOf(margins, y, labels);
  // Serialised size of a model over these features: float32 idf + weights (7 classes), vocabulary as JSON.
  const approxMiB = (dimension * 4 * (1 + labels.length) + terms.reduce((s, t) => s + Buffer.byteLength(t) + 3, 0)) / 1024 / 1024;
  const entry = { run: `${name}${suffix}`, ...score, features: dimension, approxMiB: Number(approxMiB.toFixed(1)), featureSeconds, foldSeconds: Number(foldSeconds.toFixed(1)), at: new Date().toISOString() };
  console.log(JSON.stringify(entry));
  appendFileSync(log, `${JSON.stringify(entry)}\n`);
  writeFileSync(join(outDir, `${name}${suffix}.json`), JSON.stringify({ name, margins: margins.map((m) => Array.from(m, (v) => Number(v.toPrecision(6)))) } satisfies Stored));
  if (!existsSync(join(outDir, `y${suffix}.json`))) writeFileSync(join(outDir, `y${suffix}.json`), JSON.stringify({ labels, y, fold }));
}

main();
