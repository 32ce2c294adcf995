import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoDateTime } from './shared-fields';

/** The personal fields of a case that retention erases. */
export const PERSONAL_DATA_FIELDS = ['reporter.name', 'reporter.phone'] as const;

// Retention: the reporter's contact is erased once the case has been closed for the retention period.
// Every holder erases its copy on this event; audit records it in the case's chain.
export const CasePersonalDataErasedV1 = defineEvent(
  'case.personal_data_erased',
  1,
  z.object({
    fields: z.array(z.enum(PERSONAL_DATA_FIELDS)).min(1),
    closedAt: isoDateTime,
    retentionDays: z.number().int().min(0),
  }),
);
export type CasePersonalDataErasedV1 = z.infer<typeof CasePersonalDataErasedV1.schema>;
