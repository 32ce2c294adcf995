import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_TRAINING,
  evaluate,
  expectedCalibrationError,
  labelledDocumentsFromCsv,
  predict,
  stratifiedSplit,
  trainClassifier,
  type LabelledDocument,
} from '../src';

// The labelled citizen messages beside the repository (shared/data, never copied in).
const MESSAGES = resolve(__dirname, '../../../../shared/data/complaints-zh/messages.csv');
const isPresent = existsSync(MESSAGES);
if (!isPresent) console.warn(`skipped: ${MESSAGES} is absent (shared/data/complaints-zh lives beside the repository)`);

// The measured held-out macro-F1 is 0.929 with the default grid (README, Text classifier; 0.930 with this
// test's one fixed cost and 3 folds, which keep it under a minute); the floor leaves a 0.01 margin.
const MACRO_F1_FLOOR = 0.92;

(isPresent ? describe : describe.skip)('text classifier on the complaints-zh messages (fixed 80/20 stratified split)', () => {
  let test: LabelledDocument[];
  let predictions: Array<{ label: string; confidence: number }>;

  beforeAll(() => {
    const documents = labelledDocumentsFromCsv(readFileSync(MESSAGES, 'utf8'));
    const split = stratifiedSplit(documents.map((d) => d.labels.category ?? ''), 0.2, 12345);
    test = split.test.map((i) => documents[i] as LabelledDocument);
    const model = trainClassifier(split.train.map((i) => documents[i] as LabelledDocument), { ...DEFAULT_TRAINING, cGrid: [2], folds: 3 });
    predictions = test.map((d) => predict(model, d).category as { label: string; confidence: number });
  }, 180_000);

  it(`reaches a macro-F1 of at least ${MACRO_F1_FLOOR} on messages it never saw`, () => {
    const { macroF1 } = evaluate(test.map((d) => d.labels.category ?? ''), predictions.map((p) => p.label));
    expect(macroF1).toBeGreaterThanOrEqual(MACRO_F1_FLOOR);
  });

  it('states confidences that match its accuracy on those messages', () => {
    const isCorrect = predictions.map((p, i) => p.label === test[i]?.labels.category);
    expect(expectedCalibrationError(predictions.map((p) => p.confidence), isCorrect)).toBeLessThan(0.05);
  });
});
