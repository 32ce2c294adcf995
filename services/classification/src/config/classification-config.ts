import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { DEFAULT_SEGMENTER, SEGMENTERS } from '../domain/knowledge/segmenters';

export const classificationEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  HOST: z.string().default('127.0.0.1'),
  /** How long the in-memory keyword rules are trusted before their version is checked again. */
  KEYWORD_RULES_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** How long the in-memory trained classifier is trusted before the newest published version is checked again (hot swap). */
  CLASSIFIER_MODEL_CHECK_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** A trained classifier's calibrated confidence below this sends the case to dispatch's manual queue (needsReview). */
  CLASSIFIER_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  /** 分词 for the knowledge base: chosen by `npm run knowledge:eval` (README, Knowledge base). */
  KNOWLEDGE_SEGMENTER: z.enum(SEGMENTERS).default(DEFAULT_SEGMENTER),
  /** A consultation is answered from the best entry when that entry holds at least this share of its terms. */
  KNOWLEDGE_ANSWER_MIN_COVERAGE: z.coerce.number().min(0).max(1).default(0.8),
  /** …and the query has at least this many distinct terms (a two-word question matches too much). */
  KNOWLEDGE_ANSWER_MIN_TERMS: z.coerce.number().int().min(1).max(64).default(4),
  /** 并案: a repeat joins an open case received within this many hours (0: never merge)… */
  MERGE_WINDOW_HOURS: z.coerce.number().min(0).max(24 * 90).default(72),
  /** …of the same category and district whose text is at least this similar (Dice coefficient of character bigrams). */
  MERGE_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.85),
});
export type ClassificationConfig = z.infer<typeof classificationEnvSchema>;

export function loadClassificationConfig(env: Record<string, string | undefined> = process.env): ClassificationConfig {
  return loadConfig(classificationEnvSchema, env);
}
