import { z } from 'zod';
import { MONTH_PATTERN } from '../domain/month';
import { METRICS } from '../domain/scoring';

const month = z.string({ error: 'is required' }).regex(MONTH_PATTERN, 'must be a month as YYYY-MM');

export const assessmentQuerySchema = z.object({ month }).strict();
export const monthPathSchema = z.object({ month });
export const drillDownPathSchema = z.object({
  month,
  agencyId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1 to 100 letters, digits, dots, dashes, underscores or colons'),
});
export const drillDownQuerySchema = z.object({ metric: z.enum(METRICS, { error: `must be one of ${METRICS.join(', ')}` }) }).strict();
export type DrillDownQuery = z.infer<typeof drillDownQuerySchema>;
