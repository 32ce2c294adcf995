import { z } from 'zod';
import { defineEvent } from '../define-event';
import { CHANNELS, REQUEST_TYPES, eventLocationSchema, isoDateTime } from './shared-fields';

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
    location: eventLocationSchema.nullable(),
    address: z.string().nullable(),
    reporter: z
      .object({
        name: z.string().nullable().describe('Masked (张*); `***` for a confidential reporter. Messages before the contact was sealed carried it in clear'),
        phone: z.string().nullable().describe('Masked (138****0000); `***` for a confidential reporter'),
        confidential: z.boolean().describe('保密: the reporter\'s identity is never shown to the handling unit'),
        sealed: z
          .object({ name: z.string().nullable(), phone: z.string().nullable() })
          .optional()
          .describe('The clear contact, each value AES-256-GCM sealed (`v1:<keyId>:<iv>:<tag>:<ciphertext>`) with the personal-data key; only the follow-up desk opens it'),
      })
      .nullable(),
    externalId: z.string().nullable(),
    reportedAt: isoDateTime,
    inspectorId: z
      .string()
      .min(1)
      .optional()
      .describe('Channel grid: the principal of the inspector who reported it; that inspector may not check it on site'),
    gridEventClass: z.string().min(1).optional().describe('Channel grid: the event class code (事件) the inspector chose'),
    componentCode: z
      .string()
      .regex(/^\d{16}$/)
      .optional()
      .describe('Channel grid: the 16-digit component (部件) code the report concerns'),
  }),
);
export type CaseReceivedV1 = z.infer<typeof CaseReceivedV1.schema>;
