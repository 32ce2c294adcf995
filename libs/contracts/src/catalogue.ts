import type { z } from 'zod';
import { envelopeBaseSchema } from './envelope';
import { CaseClassifiedV1 } from './events/case-classified.v1';
import { CaseDispatchedV1, CaseRedispatchedV1 } from './events/case-dispatched.v1';
import {
  CaseAppealDecidedV1,
  CaseAppealFiledV1,
  CaseClosedV1,
  CaseFollowUpAttemptedV1,
  CaseReopenedV1,
  CaseSurveyIssuedV1,
} from './events/case-follow-up.v1';
import { CaseFiledV1, CaseFilingRejectedV1, CaseInspectedV1, CaseReworkOrderedV1 } from './events/case-grid.v1';
import {
  CaseDeadlinePassedV1,
  CaseDisputeRaisedV1,
  CaseDisputeRejectedV1,
  CaseExtensionApprovedV1,
  CaseExtensionRejectedV1,
  CaseExtensionRequestedV1,
  CaseFeedbackApprovedV1,
  CaseFeedbackReturnedV1,
  CaseFeedbackSubmittedV1,
  CaseSignedV1,
} from './events/case-handling.v1';
import { CaseCheckInMissedV1, CaseCheckedInV1, CaseCoHandlerReportedV1, CaseWhistleBlownV1 } from './events/case-co-handling.v1';
import { CasePersonalDataErasedV1 } from './events/case-personal-data.v1';
import { CaseDeadlineWarningV1, CaseSupervisedV1 } from './events/case-supervision.v1';
import { CaseReceivedV1 } from './events/case-received.v1';
import { CaseAnsweredV1, CaseDeclinedV1, CaseMergedV1, CaseTransferredV1 } from './events/case-triaged.v1';

/** Every published event version. A breaking change adds a new version here beside the old one. */
export const CASE_EVENT_DEFINITIONS = [
  CaseReceivedV1,
  CaseFiledV1,
  CaseFilingRejectedV1,
  CaseClassifiedV1,
  CaseAnsweredV1,
  CaseTransferredV1,
  CaseMergedV1,
  CaseDeclinedV1,
  CaseDispatchedV1,
  CaseRedispatchedV1,
  CaseSignedV1,
  CaseDisputeRaisedV1,
  CaseDisputeRejectedV1,
  CaseExtensionRequestedV1,
  CaseExtensionApprovedV1,
  CaseExtensionRejectedV1,
  CaseCoHandlerReportedV1,
  CaseWhistleBlownV1,
  CaseCheckedInV1,
  CaseCheckInMissedV1,
  CaseFeedbackSubmittedV1,
  CaseFeedbackReturnedV1,
  CaseFeedbackApprovedV1,
  CaseInspectedV1,
  CaseReworkOrderedV1,
  CaseDeadlinePassedV1,
  CaseDeadlineWarningV1,
  CaseSupervisedV1,
  CaseSurveyIssuedV1,
  CaseFollowUpAttemptedV1,
  CaseClosedV1,
  CaseReopenedV1,
  CaseAppealFiledV1,
  CaseAppealDecidedV1,
  CasePersonalDataErasedV1,
] as const;

type Definitions = (typeof CASE_EVENT_DEFINITIONS)[number];

/** The discriminated union of every case event message, narrowed by `type` (and `version`). */
export type CaseEvent = Definitions extends infer D
  ? D extends { schema: infer S extends z.ZodType }
    ? z.infer<S>
    : never
  : never;

export type CaseEventTypeName = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventTypeName> = Extract<CaseEvent, { type: T }>;
export type PayloadOf<T extends CaseEventTypeName> = CaseEventOf<T>['payload'];

const byTypeAndVersion = new Map<string, Definitions>(
  CASE_EVENT_DEFINITIONS.map((definition) => [`${definition.type}@${definition.version}`, definition]),
);

export type EventParseErrorCode = 'EVENT.MALFORMED_JSON' | 'EVENT.INVALID_ENVELOPE' | 'EVENT.UNKNOWN_TYPE' | 'EVENT.INVALID_PAYLOAD';

export type EventParseResult =
  | { ok: true; event: CaseEvent }
  | { ok: false; error: { code: EventParseErrorCode; message: string } };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** Validates an already-decoded message against the envelope and its event version's schema. */
export function parseCaseEvent(message: unknown): EventParseResult {
  // Hot path: one schema pass for a valid message. The envelope alone is checked only to name the
  // problem of an invalid one.
  const { type, version } = (typeof message === 'object' && message !== null ? message : {}) as { type?: unknown; version?: unknown };
  const definition = typeof type === 'string' && typeof version === 'number' ? byTypeAndVersion.get(`${type}@${version}`) : undefined;
  const parsed = definition?.schema.safeParse(message);
  if (parsed?.success) return { ok: true, event: parsed.data };
  const envelope = envelopeBaseSchema.safeParse(message);
  if (!envelope.success) {
    return { ok: false, error: { code: 'EVENT.INVALID_ENVELOPE', message: describeIssues(envelope.error) } };
  }
  if (!parsed) {
    return {
      ok: false,
      error: { code: 'EVENT.UNKNOWN_TYPE', message: `no schema for ${envelope.data.type} version ${envelope.data.version}` },
    };
  }
  return { ok: false, error: { code: 'EVENT.INVALID_PAYLOAD', message: describeIssues(parsed.error) } };
}

/** Decodes a Kafka message value (UTF-8 JSON) and validates it. */
export function decodeCaseEvent(value: Buffer | string | null): EventParseResult {
  if (value === null) {
    return { ok: false, error: { code: 'EVENT.MALFORMED_JSON', message: 'message has no value (tombstone)' } };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    return { ok: false, error: { code: 'EVENT.MALFORMED_JSON', message: (err as Error).message } };
  }
  return parseCaseEvent(decoded);
}

export function eventDefinitionFor(type: string, version: number): Definitions | undefined {
  return byTypeAndVersion.get(`${type}@${version}`);
}
