import 'reflect-metadata';
import { z } from 'zod';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '@hotline/config';
import {
  DEFAULT_TRAINING,
  deserializeModel,
  evaluate,
  predict,
  serializeModel,
  stratifiedSplit,
  trainClassifier,
  type LabelledDocument,
  type TextClassifierModel,
} from '@hotline/text-classifier';
import { benchmark, costOption, evaluationTable, parseArgs, progress, readLabelledCsv, rssMb } from './report';

const USAGE = 'npm run classifier:eval -- --data FILE.csv [--model VERSION | --model-file model.bin] [--json OUT.json] [--seed N] [--c C]';
const envSchema = z.object({ DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/hotline') });
/** The fixed split: the same seed gives the same 80/20 partition of each label on every run. */
const SPLIT_SEED = 12345;

async function publishedModel(version: number): Promise<{ model: TextClassifierModel; sizeBytes: number }> {
  // Loaded only here: the database code (and the telemetry it brings) is not needed to evaluate a file or a split.
  const { loadModel } = await import('../../services/classification/src/classifier-models/classifier-model.store');
  const { classificationDataSource } = await import('../../services/classification/src/infrastructure/database/data-source');
  const dataSource = classificationDataSource(loadConfig(envSchema, process.env).DATABASE_URL);
  await dataSource.initialize();
  try {
    const published = await loadModel(dataSource, version);
    if (!published) throw new Error(`no published classifier model version ${version}`);
    return published;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * npm run classifier:eval — without --model: trains on a stratified 80 % of the CSV and reports on the
 * other 20 %; with --model VERSION: reports the published model on the whole CSV.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const data = args.get('data');
  if (typeof data !== 'string') throw new Error(`--data FILE.csv is required\nusage: ${USAGE}`);
  const documents = readLabelledCsv(data);
  const version = args.get('model');
  const modelFile = args.get('model-file');
  let model: TextClassifierModel;
  let sizeBytes: number;
  let test: LabelledDocument[];
  let trainedOn: number | null = null;
  if (typeof version === 'string') {
    ({ model, sizeBytes } = await publishedModel(Number(version)));
    test = documents;
  } else if (typeof modelFile === 'string') {
    const bytes = readFileSync(modelFile);
    model = deserializeModel(bytes);
    sizeBytes = bytes.length;
    test = documents;
  } else {
    const seed = typeof args.get('seed') === 'string' ? Number(args.get('seed')) : SPLIT_SEED;
    const split = stratifiedSplit(documents.map((d) => d.labels.category ?? ''), 0.2, seed);
    const train = split.train.map((i) => documents[i]);
    test = split.test.map((i) => documents[i]);
    progress(`${documents.length} rows: training on ${train.length} (80 %), testing on ${test.length} (20 %, split seed ${seed})`);
    const started = Date.now();
    model = trainClassifier(train, { ...DEFAULT_TRAINING, ...costOption(args), onProgress: progress });
    progress(`trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    sizeBytes = serializeModel(model).length;
    trainedOn = train.length;
  }
  progress(`predicting ${test.length} cases`);
  const predictions = test.map((doc) => predict(model, doc));
  const heads = model.heads.map((head) => {
    const rows = test.flatMap((doc, i) => {
      const gold = doc.labels[head.name];
      return gold ? [{ gold, predicted: predictions[i]?.[head.name]?.label ?? '' }] : [];
    });
    return { head: head.name, evaluation: evaluate(rows.map((r) => r.gold), rows.map((r) => r.predicted)), crossValidatedMacroF1: model.summary.crossValidatedMacroF1[head.name] ?? null };
  });
  const latency = benchmark(model, test);
  const report = {
    data,
    model: typeof version === 'string' ? `published version ${version}` : typeof modelFile === 'string' ? `file ${modelFile}` : `trained on ${trainedOn} rows`,
    heads: heads.map((h) => ({ head: h.head, crossValidatedMacroF1: h.crossValidatedMacroF1, ...h.evaluation })),
    latencyMs: latency,
    modelBytes: sizeBytes,
    features: model.summary.features,
    rssMb: rssMb(),
  };
  for (const h of heads) console.log(`\n${evaluationTable(h.head, h.evaluation)}`);
  console.log(`\nlatency per case over ${latency.cases}: p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, p99 ${latency.p99Ms} ms`);
  console.log(`model ${(sizeBytes / 1024 / 1024).toFixed(2)} MiB (${model.summary.features} features), RSS ${report.rssMb} MiB`);
  const json = JSON.stringify(report, null, 2);
  const out = args.get('json');
  if (typeof out === 'string') writeFileSync(out, `${json}\n`);
  console.log(`\nJSON\n${json}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
