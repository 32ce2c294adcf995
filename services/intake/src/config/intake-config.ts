import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { personalDataEnvShape } from '@hotline/personal-data';

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
  // Group commit of POST /v1/cases (receive-case/statement-group.ts): at most this many insert statements
  // run at once; requests admitted while all of them run go together in the next one (one commit and
  // one relay wake-up for the lot). At INTAKE_MAX_IN_FLIGHT or above every request has its own.
  INTAKE_RECEIVE_STATEMENTS: z.coerce.number().int().min(1).max(10_000).default(2),
  /** Most cases one grouped insert carries. */
  INTAKE_RECEIVE_GROUP_MAX: z.coerce.number().int().min(1).max(1_000).default(64),
  /** secret: the built-in sign-in's private key (PEM); only intake has it. */
  AUTH_TOKEN_PRIVATE_KEY_FILE: z.string().min(1).default('.run/auth/token-signing.private.pem'),
  // Sign-in lockout (sign-in/sign-in-lockout.ts): failed sign-ins per username from one address, and
  // from all addresses, within the window; past either, the username is refused until the window ends.
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(5),
  SIGN_IN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).max(100_000).default(20),
  SIGN_IN_LOCKOUT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(900),
  AUTH_TOKEN_TTL_S: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
  /** secret: where the demo seed (npm start) writes the demo principals' passwords, tokens and API key. */
  DEMO_CREDENTIALS_FILE: z.string().min(1).default('.run/demo-credentials.json'),
  // The reporter's name and phone are sealed at rest and in case.received with these keys.
  ...personalDataEnvShape,
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env);
}
