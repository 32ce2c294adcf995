import { z } from 'zod';

const note = z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');

/** The body of POST /v1/cases/{caseId}/extension/approve: the deadline moves to the one requested. */
export const approveExtensionRequestSchema = z.object({ note: note.optional() }).strict();
export type ApproveExtensionRequest = z.infer<typeof approveExtensionRequestSchema>;

/** The body of POST /v1/cases/{caseId}/extension/reject: the original deadline stands. */
export const rejectExtensionRequestSchema = z.object({ note }).strict();
export type RejectExtensionRequest = z.infer<typeof rejectExtensionRequestSchema>;
