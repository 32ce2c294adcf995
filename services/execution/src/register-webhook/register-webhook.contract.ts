import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-events';
import type { WebhookView } from './register-webhook.handler';

/** The registration's answer: the secret, except in an Idempotent-Replayed retry. */
export type RegisterWebhookAnswer = WebhookView & { secret?: string };

const webhookFields = {
  id: z.uuid(),
  agencyId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  createdAt: z.iso.datetime({ offset: true }),
};

export const webhookListSchema = responseSchemaFor<{ items: WebhookView[] }>()(z.object({ items: z.array(z.object(webhookFields)) }));

export const registeredWebhookSchema = responseSchemaFor<RegisterWebhookAnswer>()(
  z.object({
    ...webhookFields,
    secret: z.string().optional().describe('The HMAC-SHA256 signing key of this subscription. Shown only in this answer, store it now; absent when the answer is an Idempotent-Replayed retry (it is never kept for replays).'),
  }),
);
