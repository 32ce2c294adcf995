import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

export const dispatchEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  HOST: z.string().default('127.0.0.1'),
  /** The row set of `sla_profiles` whose clocks set dispatch deadlines. */
  SLA_PROFILE_ID: z.string().min(1).default('default'),
  /** How long dispatch trusts its in-memory routing catalogue, units and SLA clocks before checking their version. */
  REFERENCE_DATA_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  /** 仲裁: once a case has been returned this many times (all rounds), its dispute is decided by arbitration only. */
  DISPUTE_ARBITRATION_AFTER_RETURNS: z.coerce.number().int().min(1).max(50).default(2),
  /**
   * A classification less sure than this (0..1) is not routed: the case waits in the manual dispatch queue.
   * The keyword classifier gives 0.1 when no keyword matched and 0.2 for a single two-character hit
   * (路灯, 停水): the default queues the first and routes the second.
   */
  MANUAL_DISPATCH_BELOW_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.15),
});
export type DispatchConfig = z.infer<typeof dispatchEnvSchema>;

export function loadDispatchConfig(env: Record<string, string | undefined> = process.env): DispatchConfig {
  return loadConfig(dispatchEnvSchema, env);
}
