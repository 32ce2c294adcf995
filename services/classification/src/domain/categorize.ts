import type { Urgency } from '@hotline/contracts';
import type { KeywordRule, KeywordScore } from './keyword-scorer';

const URGENCY_RANK: Readonly<Record<Urgency, number>> = { normal: 0, urgent: 1, emergency: 2 };
const isUrgency = (value: string | undefined): value is Urgency => value !== undefined && value in URGENCY_RANK;

/** What a trained model said about a case (see libs/text-classifier `predict`). */
export interface ModelOpinion {
  readonly category: { readonly label: string; readonly confidence: number };
  readonly urgency?: { readonly label: string };
  readonly type?: { readonly label: string };
}

export interface Categorization {
  readonly category: string;
  readonly categoryName: string;
  readonly urgency: Urgency;
  readonly confidence: number;
  readonly matchedKeywords: readonly string[];
  readonly isModel: boolean;
  readonly needsReview: boolean;
  readonly predictedType?: string;
}

/**
 * The trained model's category when it names one the catalogue knows; the keyword rules otherwise.
 * Urgency: the model's when it has that head, else the category's; an emergency keyword (燃气泄漏 …)
 * still makes the case an emergency, whatever the model says.
 */
export function categorize(input: { keywords: KeywordScore; rules: readonly KeywordRule[]; model: ModelOpinion | null; minConfidence: number }): Categorization {
  const { keywords, rules, model } = input;
  const rule = model ? rules.find((r) => r.category === model.category.label) : undefined;
  if (!model || !rule) return { ...keywords, isModel: false, needsReview: false };
  const modelUrgency = isUrgency(model.urgency?.label) ? model.urgency.label : rule.urgency;
  const urgency = URGENCY_RANK[keywords.urgency] === URGENCY_RANK.emergency ? 'emergency' : modelUrgency;
  const confidence = Math.round(model.category.confidence * 1000) / 1000;
  return {
    category: rule.category,
    categoryName: rule.name,
    urgency,
    confidence,
    matchedKeywords: keywords.category === rule.category ? keywords.matchedKeywords : [],
    isModel: true,
    needsReview: confidence < input.minConfidence,
    ...(model.type ? { predictedType: model.type.label } : {}),
  };
}
