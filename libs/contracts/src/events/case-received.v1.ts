import { z } from 'zod';
import { defineEvent } from '../define-event';
import { CHANNELS, REQUEST_TYPES, isoDateTime, locationSchema } from './shared-fields';

// 受理: every request becomes a work order with at least time, matter and contact.
export const CaseReceivedV1 = defineEvent(
  'case.received',
  1,
  z.object({
    trackingNumber: z.string().min(1),
    type: z.enum(REQUEST_TYPES),
    channel: z.enum(CHANNELS),
    title: z.string().nullable(),
    description: z.string().min(1).max(4000),
    location: locationSchema.nullable(),
    address: z.string().nullable(),
    reporter: z
      .object({
        name: z.string().nullable(),
        phone: z.string().nullable(),
        confidential: z.boolean(),
      })
      .nullable(),
    externalId: z.string().nullable(),
    reportedAt: isoDateTime,
  }),
);
export type CaseReceivedV1 = z.infer<typeof CaseReceivedV1.schema>;
