import { z } from 'zod';
import { SLA_BASES, clockFromSpec, isoDurationMs } from '@hotline/case-lifecycle';
import { REQUEST_TYPES, URGENCIES } from '@hotline/contracts';

export const profileIdPathSchema = z.object({
  profileId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1 to 64 lowercase letters, digits, dashes or underscores'),
});

const clockSpecSchema = z
  .object({
    duration: z.string({ error: 'is required' }).max(40, 'must be at most 40 characters'),
    basis: z.enum(SLA_BASES, { error: `must be one of ${SLA_BASES.join(', ')}` }),
  })
  .strict()
  .superRefine((spec, context) => {
    const parsed = clockFromSpec(spec);
    if (!parsed.ok) context.addIssue({ code: 'custom', path: ['duration'], message: parsed.message });
  });

/** The body of PUT /v1/sla-profiles/{profileId}: the whole profile (created or replaced). */
export const putSlaProfileRequestSchema = z
  .object({
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    requestType: z.enum(REQUEST_TYPES, { error: `must be one of ${REQUEST_TYPES.join(', ')}, or null` }).nullable().default(null),
    urgency: z.enum(URGENCIES, { error: `must be one of ${URGENCIES.join(', ')}, or null` }).nullable().default(null),
    category: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be a category code such as street_light').nullable().default(null),
    clocks: z.object({ sign: clockSpecSchema, first_contact: clockSpecSchema, feedback: clockSpecSchema }, { error: 'is required' }).strict(),
    warningFractions: z
      .array(z.number().gt(0, 'must be above 0').lt(1, 'must be below 1'))
      .max(5, 'must list at most 5 fractions')
      .refine((fractions) => new Set(fractions).size === fractions.length, 'must not repeat a fraction')
      .default([0.5, 0.8]),
    escalateAfter: z
      .string()
      .refine((text) => (isoDurationMs(text) ?? 0) > 0, 'must be an ISO 8601 duration longer than zero, such as P1D or PT10S')
      .default('P1D'),
    pauseDuringDispute: z.boolean({ error: 'must be true or false' }).default(true),
    pauseDuringExtension: z.boolean({ error: 'must be true or false' }).default(true),
    /** The version the caller read; a profile changed since then answers 409 (optimistic concurrency). */
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type PutSlaProfileRequest = z.infer<typeof putSlaProfileRequestSchema>;
