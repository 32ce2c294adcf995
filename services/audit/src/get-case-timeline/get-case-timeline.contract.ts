import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { CaseTimelineResponse } from './get-case-timeline.response';

export const caseTimelineSchema = responseSchemaFor<CaseTimelineResponse>()(
  z.object({
    caseId: z.uuid(),
    trackingNumber: z.string().nullable(),
    events: z.array(
      z.object({
        position: z.number().int(),
        eventId: z.uuid(),
        type: z.string(),
        version: z.number().int(),
        occurredAt: z.iso.datetime({ offset: true }),
        recordedAt: z.iso.datetime({ offset: true }),
        producer: z.string(),
        correlationId: z.string(),
        causationId: z.string().nullable(),
        traceId: z.string().nullable(),
        payload: z.unknown().describe('The event\'s payload (see the AsyncAPI document) with the reporter\'s name and phone masked'),
        hash: z.string().describe('SHA-256 of this event chained to the previous one'),
      }),
    ),
  }),
);
