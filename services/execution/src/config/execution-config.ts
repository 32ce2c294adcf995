import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { personalDataEnvShape } from '@hotline/personal-data';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const executionEnvSchema = infrastructureEnvSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3004),
    HOST: z.string().default('127.0.0.1'),
    /** The key ring that seals webhook signing secrets at rest (the same as intake's and feedback's). */
    ...personalDataEnvShape,
    /**
     * Accept http:// webhook endpoints on this machine's loopback (127.0.0.1, localhost, [::1]).
     * Defaults to true in development and test; refused in production.
     */
    WEBHOOK_ALLOW_INSECURE_URLS: flag.optional(),
    /** How long a webhook delivery is retried after its first attempt before it is dead-lettered. */
    WEBHOOK_RETRY_FOR_S: z.coerce.number().int().min(1).max(30 * 24 * 3600).default(24 * 3600),
    /** The first retry's wait; each further one doubles it, up to WEBHOOK_BACKOFF_MAX_MS (±20 % jitter). */
    WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(24 * 3_600_000).default(3_600_000),
    /** A delivery without a complete answer within this time counts as failed. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** How often the delivery worker looks for due deliveries when it found none. */
    WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    /** Deliveries sent at once (each to a different subscription and case). */
    WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** 退单: how long after a dispatch (or re-dispatch) its unit may still return the case (seconds; default a day). */
    RETURN_WINDOW_S: z.coerce.number().int().min(1).max(30 * 24 * 3600).default(24 * 3600),
    /** 延期: how many extensions a case may ask for over its whole life; a rejected request does not count. */
    EXTENSION_MAX_PER_CASE: z.coerce.number().int().min(0).max(20).default(2),
    /** How often the whistle sweep records departments that did not check in by their time (未报到). */
    WHISTLE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV === 'production' && config.WEBHOOK_ALLOW_INSECURE_URLS === true) {
      context.addIssue({ code: 'custom', path: ['WEBHOOK_ALLOW_INSECURE_URLS'], message: 'must not be true in production' });
    }
  });
export type ExecutionConfig = z.infer<typeof executionEnvSchema>;

export function loadExecutionConfig(env: Record<string, string | undefined> = process.env): ExecutionConfig {
  return loadConfig(executionEnvSchema, env);
}
