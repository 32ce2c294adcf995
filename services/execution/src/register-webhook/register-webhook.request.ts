import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-events';

/** The body of POST /v1/webhooks. The unit is the caller's; a body cannot name another. */
export const registerWebhookRequestSchema = z
  .object({
    url: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2_000, 'must be at most 2000 characters'),
    eventTypes: z
      .array(z.enum(WEBHOOK_EVENT_TYPES), { error: 'is required' })
      .min(1, 'must name at least one event type')
      .refine((types) => new Set(types).size === types.length, 'must not repeat an event type'),
  })
  .strict();
export type RegisterWebhookRequest = z.infer<typeof registerWebhookRequestSchema>;

export const webhookIdPathSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
