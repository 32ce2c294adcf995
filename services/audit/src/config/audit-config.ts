import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const auditEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3006),
  HOST: z.string().default('127.0.0.1'),
});
export type AuditConfig = z.infer<typeof auditEnvSchema>;

export function loadAuditConfig(env: Record<string, string | undefined> = process.env): AuditConfig {
  return loadConfig(auditEnvSchema, env);
}
