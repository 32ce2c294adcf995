import { performance } from 'node:perf_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { labelledDocumentsFromCsv, predict, type Evaluation, type LabelledDocument, type TextClassifierModel } from '@hotline/text-classifier';

/** `--name value` and bare `--flag` arguments. */
export function parseArgs(argv: readonly string[]): Map<string, string | true> {
  const args = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args.set(arg.slice(2), next);
      i += 1;
    } else args.set(arg.slice(2), true);
  }
  return args;
}

export function readLabelledCsv(path: string): LabelledDocument[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return labelledDocumentsFromCsv(readFileSync(path, 'utf8'));
}

export const progress = (message: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const pct = (x: number): string => (100 * x).toFixed(1).padStart(6);

/** Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix as text tables. */
export function evaluationTable(head: string, evaluation: Evaluation): string {
  const width = Math.max(8, ...evaluation.labels.map((l) => l.length * 2));
  const lines = [
    `${head}: n=${evaluation.n}  accuracy ${(100 * evaluation.accuracy).toFixed(2)}%  macro-F1 ${evaluation.macroF1.toFixed(4)}`,
    '',
    `${'class'.padEnd(width)} support precision recall     F1`,
    ...evaluation.perClass.map((c) => `${c.label.padEnd(width - c.label.length)}${' '.repeat(c.label.length)} ${String(c.support).padStart(7)} ${pct(c.precision)}%  ${pct(c.recall)}% ${pct(c.f1)}%`),
    '',
    'confusion (rows: gold, columns: predicted, in the order above)',
    ...evaluation.confusion.map((row, i) => `${String(i + 1).padStart(3)} ${(evaluation.labels[i] ?? '').padEnd(width)} ${row.map((v) => String(v).padStart(5)).join('')}`),
  ];
  return lines.join('\n');
}

export interface Benchmark {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly cases: number;
}

/** Per-case latency of `predict` (features, segmentation, all heads) after a short warm-up. */
export function benchmark(model: TextClassifierModel, documents: readonly LabelledDocument[]): Benchmark {
  for (const doc of documents.slice(0, 50)) predict(model, doc);
  const times = documents.map((doc) => {
    const start = performance.now();
    predict(model, doc);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  const at = (q: number): number => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 1000) / 1000;
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), cases: times.length };
}

export const rssMb = (): number => Math.round(process.memoryUsage().rss / 1024 / 102.4) / 10;

/** `--c 2`: one SVM cost instead of the cross-validated grid (faster; the calibration folds still run). */
export function costOption(args: ReadonlyMap<string, string | true>): { cGrid?: number[] } {
  const c = args.get('c');
  if (c === undefined) return {};
  const value = Number(c);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--c must be a positive number, got ${String(c)}`);
  return { cGrid: [value] };
}
