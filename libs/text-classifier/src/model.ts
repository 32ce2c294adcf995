import { softmax } from './calibration';
import type { Document, FeatureOptions } from './features';
import { margins, type LinearScorer } from './linear-svm';
import { vectorizeDocument, type Vectorizer } from './vectorizer';

/** What a model predicts: `category` always; `type` and `urgency` when the training data had those columns. */
export type HeadName = string;

export interface Head {
  readonly name: HeadName;
  /** Class labels in code-point order: a label's position is its class index. */
  readonly labels: readonly string[];
  readonly scorer: LinearScorer;
  /** Temperature fitted on held-out margins of the training data (calibration). */
  readonly temperature: number;
  /** The SVM cost cross-validation chose. */
  readonly c: number;
  /**
   * The complement naive Bayes smoothing cross-validation chose, when `scorer` is the SVM and that naive
   * Bayes combined (their margins over their own temperatures, added); absent: the SVM alone.
   */
  readonly nbAlpha?: number;
  /**
   * When a third member is in the product: the cost of the NB-SVM (an SVM on features scaled by their
   * naive Bayes log-count ratio, Wang & Manning 2012) and that ratio's smoothing. Absent: no NB-SVM.
   */
  readonly nbSvm?: { readonly c: number; readonly alpha: number };
}

export interface TrainingSummary {
  readonly examples: number;
  readonly features: number;
  readonly options: { readonly features: FeatureOptions; readonly minDf: number; readonly seed: number; readonly classWeights?: 'balanced' | 'none' };
  /** Mean macro-F1 of the cross-validation that chose `c`, per head. */
  readonly crossValidatedMacroF1: Readonly<Record<HeadName, number>>;
}

export interface TextClassifierModel {
  readonly vectorizer: Vectorizer;
  readonly heads: readonly Head[];
  readonly summary: TrainingSummary;
}

export interface HeadPrediction {
  readonly label: string;
  /** Calibrated probability of `label`. */
  readonly confidence: number;
  readonly probabilities: Readonly<Record<string, number>>;
}

export type Prediction = Readonly<Record<HeadName, HeadPrediction>>;

export function predict(model: TextClassifierModel, document: Document): Prediction {
  const x = vectorizeDocument(model.vectorizer, document);
  const out: Record<HeadName, HeadPrediction> = {};
  for (const head of model.heads) {
    const p = softmax(margins(head.scorer, x), head.temperature);
    let best = 0;
    for (let k = 1; k < p.length; k += 1) if ((p[k]) > (p[best])) best = k;
    out[head.name] = {
      label: head.labels[best],
      confidence: p[best],
      probabilities: Object.fromEntries(head.labels.map((label, k) => [label, p[k]])),
    };
  }
  return out;
}
