import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-events';
import type { DeadLetterView, ReplayedDeliveryView } from './webhook-dead-letters.handler';

const timestamp = z.iso.datetime({ offset: true });

export const deadLetterListSchema = responseSchemaFor<{ items: DeadLetterView[] }>()(
  z.object({
    items: z.array(
      z.object({
        id: z.uuid(),
        subscriptionId: z.uuid(),
        agencyId: z.string(),
        caseId: z.uuid(),
        sequence: z.number().int(),
        eventId: z.uuid(),
        eventType: z.enum(WEBHOOK_EVENT_TYPES),
        attempts: z.number().int(),
        firstAttemptAt: timestamp.nullable(),
        lastAttemptAt: timestamp.nullable(),
        lastError: z.string().nullable(),
        deadLetteredAt: timestamp,
        replays: z.number().int(),
      }),
    ),
  }),
);

export const replayedDeliverySchema = responseSchemaFor<ReplayedDeliveryView>()(z.object({ id: z.uuid(), status: z.literal('pending') }));
