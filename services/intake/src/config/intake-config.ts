import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const intakeEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default('127.0.0.1'),
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env);
}
