import 'reflect-metadata';
import { z } from 'zod';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@hotline/config';
import { DEFAULT_TRAINING, serializeModel, trainClassifier, type LabelledDocument } from '@hotline/text-classifier';
import { costOption, parseArgs, progress, readLabelledCsv, rssMb } from './report';

const USAGE = 'npm run classifier:train -- (--data FILE.csv | --from-cases) [--publish] [--out model.bin] [--c C]';
const envSchema = z.object({ DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/hotline') });

/**
 * npm run classifier:train — trains the text classifier (libs/text-classifier) on a CSV (title, detail,
 * label[, type, urgency]) or on classification's own closed and corrected cases, prints its
 * cross-validated macro-F1, and with --publish stores it as a new version that classification swaps to.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const data = args.get('data');
  const isFromCases = args.get('from-cases') === true;
  if ((typeof data === 'string') === isFromCases) throw new Error(`give either --data FILE.csv or --from-cases\nusage: ${USAGE}`);
  const needsDatabase = isFromCases || args.has('publish');
  // The database code (and the telemetry it brings) is loaded only when needed: training from a file to a file needs neither.
  const store = needsDatabase ? await import('../../services/classification/src/classifier-models/classifier-model.store') : undefined;
  const database = needsDatabase ? await import('../../services/classification/src/infrastructure/database/data-source') : undefined;
  const dataSource = database?.classificationDataSource(loadConfig(envSchema, process.env).DATABASE_URL);
  await dataSource?.initialize();
  try {
    let examples: LabelledDocument[];
    let source: string;
    if (typeof data === 'string') {
      examples = readLabelledCsv(data);
      source = `csv:${data}`;
    } else {
      const cases = await store!.caseExamples(dataSource!);
      examples = cases.map((c) => ({ title: c.title, detail: c.detail, labels: { category: c.category } }));
      source = `cases:${cases.length} (${cases.filter((c) => c.isCorrected).length} corrected)`;
    }
    progress(`training on ${examples.length} examples from ${source}`);
    const started = Date.now();
    const model = trainClassifier(examples, { ...DEFAULT_TRAINING, ...costOption(args), onProgress: progress });
    const bytes = serializeModel(model);
    progress(`trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const head of model.heads) {
      console.log(`  ${head.name}: ${head.labels.length} labels, C=${head.c}, temperature ${head.temperature.toFixed(3)}, cross-validated macro-F1 ${(model.summary.crossValidatedMacroF1[head.name] ?? 0).toFixed(4)}`);
    }
    console.log(`  ${model.summary.features} features, model ${(bytes.length / 1024 / 1024).toFixed(2)} MiB, RSS ${rssMb()} MiB`);
    const out = args.get('out');
    if (typeof out === 'string') {
      writeFileSync(out, bytes);
      console.log(`  written to ${out}`);
    }
    if (args.has('publish')) {
      const version = await store!.publishModel(dataSource!, model, { source, metrics: model.summary.crossValidatedMacroF1 });
      console.log(`published classifier model version ${version}`);
    }
  } finally {
    await dataSource?.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
