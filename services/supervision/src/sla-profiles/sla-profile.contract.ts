import { z } from 'zod';
import { SLA_BASES } from '@hotline/case-lifecycle';
import { REQUEST_TYPES, URGENCIES } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { SlaProfile } from '../domain/sla-profile';

const clockSpec = z.object({ duration: z.string(), basis: z.enum(SLA_BASES) });

export const slaProfileSchema = responseSchemaFor<SlaProfile>()(
  z.object({
    profileId: z.string(),
    name: z.string(),
    requestType: z.enum(REQUEST_TYPES).nullable(),
    urgency: z.enum(URGENCIES).nullable(),
    category: z.string().nullable(),
    clocks: z.object({ sign: clockSpec, first_contact: clockSpec, feedback: clockSpec }),
    warningFractions: z.array(z.number()),
    escalateAfter: z.string(),
    pauseDuringDispute: z.boolean(),
    pauseDuringExtension: z.boolean(),
    version: z.number().int(),
    updatedAt: z.iso.datetime({ offset: true }),
  }),
);

export const slaProfileListSchema = responseSchemaFor<{ items: SlaProfile[] }>()(z.object({ items: z.array(slaProfileSchema) }));
