import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const executionEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  HOST: z.string().default('127.0.0.1'),
});
export type ExecutionConfig = z.infer<typeof executionEnvSchema>;

export function loadExecutionConfig(env: Record<string, string | undefined> = process.env): ExecutionConfig {
  return loadConfig(executionEnvSchema, env);
}
