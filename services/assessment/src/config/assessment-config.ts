import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';

const weight = z.coerce.number().min(0).max(100);

export const assessmentEnvSchema = infrastructureEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3008),
  HOST: z.string().default('127.0.0.1'),
  /** Weights of the three rates (三率) in the composite score; only their ratio matters. */
  WEIGHT_RESPONSE: weight.default(30),
  WEIGHT_RESOLUTION: weight.default(35),
  WEIGHT_SATISFACTION: weight.default(35),
  /** How much a 基本满意 (basically satisfied) answer counts in 满意率; 满意 counts 1. */
  BASICALLY_SATISFIED_WEIGHT: z.coerce.number().min(0).max(1).default(1),
  /** 响应率: a round counts as responded when signed within this many hours of its dispatch (the 24 h KPI of DOMAIN §4). */
  RESPONSE_WITHIN_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  /** The offset of the clock that decides which month an event belongs to (China Standard Time, no DST since 1991). */
  MONTH_UTC_OFFSET_MINUTES: z.coerce.number().int().min(-720).max(840).default(480),
  /** How many last-placed units of each kind the monthly bulletin names (末位). */
  REPORT_LAST_PLACED: z.coerce.number().int().min(1).max(50).default(3),
  /** How many of the most frequent problems (category × street) the monthly bulletin lists. */
  REPORT_TOP_PROBLEMS: z.coerce.number().int().min(1).max(100).default(10),
});
export type AssessmentConfig = z.infer<typeof assessmentEnvSchema>;

export function loadAssessmentConfig(env: Record<string, string | undefined> = process.env): AssessmentConfig {
  return loadConfig(assessmentEnvSchema, env);
}
