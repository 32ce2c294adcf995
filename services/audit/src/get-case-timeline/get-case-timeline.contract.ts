import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { CaseTimelineResponse } from './get-case-timeline.response';

export const caseTimelineSchema = responseSchemaFor<CaseTimelineResponse>()(
  z.object({
    caseId: z.uuid(),
    trackingNumber: z.string().nullable(),
    holders: z
      .array(
        z.object({
          agencyId: z.string(),
          agencyName: z.string(),
          round: z.number().int(),
          copiedTo: z.array(z.string()),
          from: z.iso.datetime({ offset: true }),
          until: z.iso.datetime({ offset: true }).nullable().describe('null while the unit still holds the case'),
          endedBy: z.string().nullable().describe('The event that ended the holding: case.redispatched (改派), case.dispatched (a new round), case.closed …'),
          returnedAt: z.iso.datetime({ offset: true }).nullable().describe('The unit\'s latest return (退单) while it held the case'),
        }),
      )
      .describe('Who held the case (承办) and when, in order'),
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
