import { z } from 'zod';

export const PRODUCERS = ['intake', 'classification', 'dispatch', 'execution', 'feedback', 'audit', 'supervision', 'assessment'] as const;
export type Producer = (typeof PRODUCERS)[number];

export const traceContextSchema = z.object({
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type TraceContext = z.infer<typeof traceContextSchema>;

/** Fields every message carries; `type`, `version` and `payload` are narrowed per event. */
export const envelopeBaseSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  caseId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  producer: z.enum(PRODUCERS),
  traceContext: traceContextSchema,
  payload: z.unknown(),
});
export type EnvelopeBase = z.infer<typeof envelopeBaseSchema>;
