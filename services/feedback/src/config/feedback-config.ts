import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { personalDataEnvShape } from '@hotline/personal-data';

export const feedbackEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  HOST: z.string().default('127.0.0.1'),
  // The reporter's contact is kept sealed for the follow-up call and opened only for it.
  ...personalDataEnvShape,
  // Retention: a closed case's contact is erased this many days after closing (0: at the next run).
  PERSONAL_DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  // How often the eraser looks for cases past retention; 0 turns it off.
  PERSONAL_DATA_ERASURE_INTERVAL_MS: z.coerce.number().int().min(0).max(7 * 24 * 3600 * 1000).default(3_600_000),
});
export type FeedbackConfig = z.infer<typeof feedbackEnvSchema>;

export function loadFeedbackConfig(env: Record<string, string | undefined> = process.env): FeedbackConfig {
  return loadConfig(feedbackEnvSchema, env);
}
