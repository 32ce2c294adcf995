import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { RecordFollowUpResponse } from './record-follow-up.controller';

export const recordFollowUpResponseSchema = responseSchemaFor<RecordFollowUpResponse>()(
  z.object({
    caseId: z.uuid(),
    status: z.enum(CASE_STATUSES),
    outcome: z.enum(['attempted', 'closed', 'reopened']).describe('attempted: not reached, call again; closed: 办结; reopened: 重办'),
    attempt: z.number().int(),
  }),
);
