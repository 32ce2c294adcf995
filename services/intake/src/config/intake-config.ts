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
  /** secret: the built-in sign-in's private key (PEM); only intake has it. */
  AUTH_TOKEN_PRIVATE_KEY_FILE: z.string().min(1).default('.run/auth/token-signing.private.pem'),
  AUTH_TOKEN_TTL_S: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
  /** secret: where the demo seed (npm start) writes the demo principals' passwords, tokens and API key. */
  DEMO_CREDENTIALS_FILE: z.string().min(1).default('.run/demo-credentials.json'),
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env);
}
