import { z } from 'zod';
import { CHANNELS, DATUMS, REQUEST_TYPES, locationSchema } from '@hotline/contracts';

const trimmed = (max: number) => z.string({ error: 'must be text' }).trim().max(max, `must be at most ${max} characters`);

/** An event class code (事件 major + minor class, e.g. `0101` or `01-01`); widths differ between cities. */
export const gridEventClassSchema = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^\d{2}(-?\d{2,3}){1,2}$/, 'must be an event class code such as 0101 or 01-01');

/** The 16-digit component (部件) code: 6 county + 2 major + 2 minor class + 6 serial. */
export const componentCodeSchema = z.string({ error: 'must be text' }).trim().regex(/^\d{16}$/, 'must be the 16-digit component code');

/** Where the case is, in the datum the caller's map gives (an app on a Chinese map SDK: GCJ-02 or BD-09). */
export const caseLocationSchema = locationSchema
  .extend({
    datum: z
      .enum(DATUMS, { error: `must be one of ${DATUMS.join(', ')}` })
      .optional()
      .describe('Geodetic datum of lat/lng; absent means WGS-84 (GPS). GCJ-02: AMap, Tencent Maps; BD-09: Baidu Maps'),
  })
  .strict();

/** The public body of POST /v1/cases. Unknown fields are refused so typos surface. */
export const receiveCaseRequestSchema = z
  .object({
    type: z.enum(REQUEST_TYPES, { error: `must be one of ${REQUEST_TYPES.join(', ')}` }),
    channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
    description: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') }).trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
    title: trimmed(200).optional(),
    location: caseLocationSchema.optional(),
    address: trimmed(500).min(1).optional(),
    reporter: z
      .object({
        name: trimmed(100).optional(),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[\d\- ]{3,20}$/, 'must be a phone number (digits, spaces, dashes, optional leading +)')
          .optional(),
        confidential: z.boolean().default(false),
      })
      .strict()
      .optional(),
    externalId: trimmed(200).min(1).optional(),
    reportedAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with a zone, e.g. 2026-11-27T09:30:00+08:00' }).optional(),
    // Channel grid (数字城管): the inspector names the event class (事件) or the component (部件) concerned.
    gridEventClass: gridEventClassSchema.optional(),
    componentCode: componentCodeSchema.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.channel === 'grid') {
      if (body.gridEventClass === undefined && body.componentCode === undefined) {
        ctx.addIssue({ code: 'custom', path: ['gridEventClass'], message: 'a grid report needs an event class or a component code' });
      }
      return;
    }
    for (const field of ['gridEventClass', 'componentCode'] as const) {
      if (body[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is only for channel grid' });
    }
  });
export type ReceiveCaseRequest = z.infer<typeof receiveCaseRequestSchema>;

export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .optional();
