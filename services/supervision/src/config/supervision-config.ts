import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const supervisionEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3007),
  HOST: z.string().default('127.0.0.1'),
  /** How often the timer worker looks for due timers when its last batch was not full. */
  TIMER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Timers fired per transaction (their events go to the outbox in that transaction). */
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** The region code of the city level that supervises district governments, departments and utilities. */
  /** How stale the clock handler's in-memory SLA profiles and calendar may be (a local change clears them at once). */
  REFERENCE_DATA_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  CITY_REGION_CODE: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code').default('110000'),
});
export type SupervisionConfig = z.infer<typeof supervisionEnvSchema>;

export function loadSupervisionConfig(env: Record<string, string | undefined> = process.env): SupervisionConfig {
  return loadConfig(supervisionEnvSchema, env);
}
