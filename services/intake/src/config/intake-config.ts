import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const intakeEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default('127.0.0.1'),
  // Admission control (load-shedding/admission-queue.ts). POST /v1/cases doing database work at once:
  // below DATABASE_POOL_SIZE, so that requests wait in the admission queue, where a refusal is cheap
  // and early, and never in the pool's queue, and readiness probes still find a connection.
  INTAKE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(8),
  // Requests waiting for a turn, and for how long; beyond either, 503 INTAKE.OVERLOADED + Retry-After.
  INTAKE_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(1_000),
  INTAKE_MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(2_000),
  // The least Retry-After a refusal carries; it grows with the queue's drain time, with jitter.
  INTAKE_OVERLOAD_RETRY_AFTER_S: z.coerce.number().int().min(1).max(300).default(1),
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env);
}
