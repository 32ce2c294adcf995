import { z } from 'zod';
import { isoDurationMs } from '@hotline/case-lifecycle';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { REQUEST_TYPES, type RequestType } from '@hotline/contracts';
import { personalDataEnvShape } from '@hotline/personal-data';

/** An ISO 8601 duration of fixed length (PT48H, P3D), read as milliseconds. */
const isoDuration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const ms = isoDurationMs(text);
      if (ms === undefined || ms <= 0) {
        context.addIssue({ code: 'custom', message: `must be a positive ISO 8601 duration such as PT48H or P3D, not ${text}` });
        return z.NEVER;
      }
      return ms;
    });

/** A comma-separated list of request types ('' for none). */
const requestTypeList = z
  .string()
  .default('')
  .transform((text, context): RequestType[] => {
    const items = text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    const unknown = items.filter((item) => !(REQUEST_TYPES as readonly string[]).includes(item));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', message: `unknown request types ${unknown.join(', ')}; known: ${REQUEST_TYPES.join(', ')}` });
      return z.NEVER;
    }
    return items as RequestType[];
  });

export const feedbackEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  HOST: z.string().default('127.0.0.1'),
  // The reporter's contact is kept sealed for the follow-up call and opened only for it.
  ...personalDataEnvShape,
  // Retention: a closed case's contact is erased this many days after closing (0: at the next run).
  PERSONAL_DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  // How often the eraser looks for cases past retention; 0 turns it off.
  PERSONAL_DATA_ERASURE_INTERVAL_MS: z.coerce.number().int().min(0).max(7 * 24 * 3600 * 1000).default(3_600_000),
  // 审核: the request types whose replies the centre reviews before the follow-up call ('' for none).
  REVIEW_REQUIRED_FOR: requestTypeList,
  // 回访 not reached: calls per reply before the case is closed as unreachable.
  FOLLOW_UP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  // 回访 not reached: from the first unanswered call, how long the desk keeps trying before closing as unreachable.
  FOLLOW_UP_RETRY_WINDOW: isoDuration('PT48H'),
  // How often the sweep closes cases whose retry window ran out; 0 turns it off.
  FOLLOW_UP_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).max(24 * 3600 * 1000).default(60_000),
  // The SMS survey link: how long its single-use token is valid.
  SURVEY_TOKEN_TTL: isoDuration('PT72H'),
  // 重办: reopens per case; an unresolved or unsatisfied answer after that closes the case with the answer recorded.
  REOPEN_MAX: z.coerce.number().int().min(0).max(20).default(2),
  // 重办: the first this-many reopens go back to the same unit; later ones to a dispatcher (manual dispatch queue).
  REOPEN_SAME_UNIT_MAX: z.coerce.number().int().min(0).max(20).default(1),
});
export type FeedbackConfig = z.infer<typeof feedbackEnvSchema>;

export function loadFeedbackConfig(env: Record<string, string | undefined> = process.env): FeedbackConfig {
  return loadConfig(feedbackEnvSchema, env);
}
