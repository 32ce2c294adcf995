import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const dispatchEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  HOST: z.string().default('127.0.0.1'),
  /** The row set of `sla_profiles` whose clocks set dispatch deadlines. */
  SLA_PROFILE_ID: z.string().min(1).default('default'),
});
export type DispatchConfig = z.infer<typeof dispatchEnvSchema>;

export function loadDispatchConfig(env: Record<string, string | undefined> = process.env): DispatchConfig {
  return loadConfig(dispatchEnvSchema, env);
}
