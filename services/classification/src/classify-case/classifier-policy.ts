/** How far classification trusts its trained model (config: CLASSIFIER_MIN_CONFIDENCE). */
export interface ClassifierPolicy {
  readonly minConfidence: number;
}

export const CLASSIFIER_POLICY = Symbol('CLASSIFIER_POLICY');
