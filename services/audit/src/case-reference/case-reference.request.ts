import { z } from 'zod';

// Intake's format: the Beijing date and six Crockford base32 characters, e.g. 261127-7K3QXA.
const TRACKING_NUMBER = /^\d{6}-[0-9A-Z]{6}$/;
const uuid = z.uuid();

export type CaseReference = { kind: 'caseId'; caseId: string } | { kind: 'trackingNumber'; trackingNumber: string };

/** A case named in a path: its id, or the tracking number a citizen reads out on the phone. */
export const caseReferenceSchema = z
  .string()
  .trim()
  .transform((value, context): CaseReference => {
    if (uuid.safeParse(value).success) return { kind: 'caseId', caseId: value.toLowerCase() };
    const upper = value.toUpperCase();
    if (TRACKING_NUMBER.test(upper)) return { kind: 'trackingNumber', trackingNumber: upper };
    context.addIssue({ code: 'custom', message: 'must be a case id (UUID) or a tracking number like 261127-7K3QXA' });
    return z.NEVER;
  });

export function describeReference(reference: CaseReference): string {
  return reference.kind === 'caseId' ? `case ${reference.caseId}` : `tracking number ${reference.trackingNumber}`;
}
