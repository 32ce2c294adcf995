import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { CLOSED_AS, REDISPATCH_TO } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { RecordFollowUpResponse } from './record-follow-up.controller';

export const recordFollowUpResponseSchema = responseSchemaFor<RecordFollowUpResponse>()(
  z.object({
    caseId: z.uuid(),
    status: z.enum(CASE_STATUSES),
    outcome: z.enum(['attempted', 'closed', 'reopened']).describe('attempted: not reached, call again; closed: 办结; reopened: 重办'),
    attempt: z.number().int(),
    closedAs: z.enum(CLOSED_AS).nullable().describe('follow_up; unreachable once FOLLOW_UP_MAX_ATTEMPTS calls or FOLLOW_UP_RETRY_WINDOW went by'),
    reopenCount: z.number().int().nullable().describe('重办: the case\'s reopens, this one included'),
    redispatchTo: z.enum(REDISPATCH_TO).nullable().describe('重办: the same unit again, or a dispatcher decides'),
  }),
);
