import { z } from 'zod';

/** The `{caseReference}` path segment as a client sends it (`caseReferenceSchema` parses it). */
export const caseReferencePathSchema = z.object({
  caseReference: z.string().describe('The case id (UUID) or the tracking number a citizen was given, e.g. 261127-7K3QXA'),
});
