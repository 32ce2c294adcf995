import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { CLOSED_AS, FEEDBACK_OUTCOMES, followUpResultSchema } from '@hotline/contracts';
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
        closedAs: z.enum(CLOSED_AS).nullable(),
        reopenCount: z.number().int().describe('重办: times the case was reopened'),
        returnCount: z.number().int().describe('Replies sent back to the unit at review'),
        reworkCount: z.number().int().describe('返工: failed on-site checks of a grid case'),
        reporter: reporterContactSchema,
      }),
    ),
  }),
);
