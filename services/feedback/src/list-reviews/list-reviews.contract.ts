import { z } from 'zod';
import { FEEDBACK_OUTCOMES, REQUEST_TYPES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ReviewList } from './list-reviews.handler';

const dateTime = z.iso.datetime({ offset: true });

export const reviewListSchema = responseSchemaFor<ReviewList>()(
  z.object({
    items: z.array(
      z.object({
        caseId: z.uuid(),
        trackingNumber: z.string().nullable(),
        agencyId: z.string().nullable(),
        requestType: z.enum(REQUEST_TYPES).nullable(),
        outcome: z.enum(FEEDBACK_OUTCOMES).nullable(),
        reply: z.string().nullable(),
        submittedAt: dateTime.nullable(),
        deadline: dateTime.nullable().describe('The unit\'s feedback deadline as dispatched, if known'),
        returnCount: z.number().int().describe('Replies of this case sent back before'),
      }),
    ),
    nextOffset: z.number().int().nullable().describe('The offset of the next page; null on the last one'),
  }),
);
