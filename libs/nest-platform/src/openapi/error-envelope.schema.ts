import { z } from 'zod';

/** The body of every error answer (`HttpErrorFilter`), as OpenAPI documents it. */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, machine-readable code, e.g. CASE.NOT_FOUND'),
      message: z.string().describe('What went wrong, for a person'),
      details: z
        .object({
          issues: z
            .array(z.object({ path: z.string(), message: z.string() }))
            .optional()
            .describe('Every invalid field of a 400 VALIDATION.FAILED'),
        })
        .catchall(z.unknown())
        .optional(),
      errorId: z.string().optional().describe('Present on an unexpected 500 or 503; also in the service log'),
    }),
  });

/** Codes any validated route can answer with, and the ones every route may answer with. */
export const VALIDATION_ERROR_CODES = ['VALIDATION.FAILED', 'REQUEST.MALFORMED_JSON', 'REQUEST.TOO_DEEP'] as const;
export const SERVER_ERROR_CODES = ['INTERNAL', 'SERVICE.UNAVAILABLE'] as const;
