import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const classificationEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  HOST: z.string().default('127.0.0.1'),
  /** How long the in-memory keyword rules are trusted before their version is checked again. */
  KEYWORD_RULES_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
});
export type ClassificationConfig = z.infer<typeof classificationEnvSchema>;

export function loadClassificationConfig(env: Record<string, string | undefined> = process.env): ClassificationConfig {
  return loadConfig(classificationEnvSchema, env);
}
