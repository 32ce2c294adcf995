import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const intakeEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default('127.0.0.1'),
  // Load shedding: POST /v1/cases handled at once; one more is refused with 503 before any work.
  // A few times DATABASE_POOL_SIZE: more waiters would sit in the pool's queue until its 5 s
  // connection time-out when the database is slow, and fail after waiting instead of at once.
  INTAKE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(32),
  INTAKE_OVERLOAD_RETRY_AFTER_S: z.coerce.number().int().min(1).max(300).default(1),
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env);
}
