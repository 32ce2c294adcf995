import { z } from 'zod';
import { ZodPipe } from '@hotline/nest-platform';

export const caseIdPathSchema = z.object({ caseId: z.uuid({ error: 'must be a UUID' }) });

/** Validates the `{caseId}` path segment; a malformed id is a 400, not a 404. */
export const caseIdPipe = new ZodPipe(caseIdPathSchema, 'path');
