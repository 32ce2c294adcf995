import { z } from 'zod';
import { CASE_STATUSES } from '@hotline/case-lifecycle';
import { FEEDBACK_OUTCOMES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { AssignmentView } from './assignment.view';
import { caseIdSchema } from './case-id.param';

export const caseIdPathSchema = z.object({ caseId: caseIdSchema });

export const assignmentViewSchema = responseSchemaFor<AssignmentView>()(
  z.object({
    caseId: z.uuid(),
    agencyId: z.string(),
    round: z.number().int(),
    status: z.enum(CASE_STATUSES),
    deadline: z.iso.datetime({ offset: true }),
    isOverdue: z.boolean(),
    copiedTo: z.array(z.string()),
    coHandlerIds: z.array(z.string()).describe('协办: units that co-handle the case and report to the lead'),
    dispatchedAt: z.iso.datetime({ offset: true }),
    signedAt: z.iso.datetime({ offset: true }).nullable(),
    signedBy: z.string().nullable(),
    feedbackOutcome: z.enum(FEEDBACK_OUTCOMES).nullable(),
    feedbackReply: z.string().nullable(),
    feedbackAt: z.iso.datetime({ offset: true }).nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
  }),
);
