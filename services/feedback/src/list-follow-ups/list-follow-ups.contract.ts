import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { FEEDBACK_OUTCOMES, followUpResultSchema } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import { reporterContactSchema } from '../infrastructure/http/reporter-contact.contract';
import type { FollowUpItem } from './list-follow-ups.controller';

export const followUpListSchema = responseSchemaFor<{ items: FollowUpItem[] }>()(
  z.object({
    items: z.array(
      z.object({
        caseId: z.uuid(),
        trackingNumber: z.string().nullable(),
        status: z.enum(CASE_STATUSES),
        agencyId: z.string().nullable(),
        feedbackOutcome: z.enum(FEEDBACK_OUTCOMES).nullable(),
        feedbackReply: z.string().nullable(),
        feedbackAt: z.iso.datetime({ offset: true }).nullable(),
        attempts: z.number().int(),
        lastResult: followUpResultSchema.nullable(),
        closedAt: z.iso.datetime({ offset: true }).nullable(),
        reporter: reporterContactSchema,
      }),
    ),
  }),
);
