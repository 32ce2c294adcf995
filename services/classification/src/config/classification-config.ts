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
  /** 并案: the window for categories without a row in classification.duplicate_settings (0: never merge nor flag, whatever the rows say). */
  MERGE_WINDOW_HOURS: z.coerce.number().min(0).max(24 * 90).default(72),
  /** …and the radius, in metres, between two reported positions for categories without a row. */
  MERGE_RADIUS_METRES: z.coerce.number().min(0).max(50_000).default(100),
  /** How long the in-memory per-category radius and window (classification.duplicate_settings) are trusted before the table is checked again. */
  DUPLICATE_SETTINGS_CHECK_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** A duplicate score (README, Duplicates) at or above this merges the new case into the open one… */
  MERGE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.85),
  /** …and at or above this (below MERGE_THRESHOLD) flags it for the dispatcher as a possible duplicate. */
  MERGE_FLAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  /** The most open cases a new request is scored against, the latest received first: a spot with hundreds of open reports costs each new one no more than this. */
  MERGE_MAX_CANDIDATES: z.coerce.number().int().min(1).max(10_000).default(200),
  /** How long the in-memory gazetteer (place names) is trusted before the places' load time is checked again; a re-imported city is read then. */
  GAZETTEER_CHECK_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** 部件: a case whose position lies within this many metres of a component concerns it, and goes to its owner (0: only when named). */
  COMPONENT_TOLERANCE_M: z.coerce.number().min(0).max(500).default(10),
});
export type ClassificationConfig = z.infer<typeof classificationEnvSchema>;

export function loadClassificationConfig(env: Record<string, string | undefined> = process.env): ClassificationConfig {
  return loadConfig(classificationEnvSchema, env);
}
