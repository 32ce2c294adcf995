import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { personalDataEnvShape } from '@hotline/personal-data';

export const feedbackEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  HOST: z.string().default('127.0.0.1'),
  // The reporter's contact is kept sealed for the follow-up call and opened only for it.
  ...personalDataEnvShape,
});
export type FeedbackConfig = z.infer<typeof feedbackEnvSchema>;

export function loadFeedbackConfig(env: Record<string, string | undefined> = process.env): FeedbackConfig {
  return loadConfig(feedbackEnvSchema, env);
}
