import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { ExtensionRequestRecord, ExtensionRequestStatus } from '../database/entities/extension-request.entity';

export const EXTENSION_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const satisfies readonly ExtensionRequestStatus[];

/** A request for more time (延期申请) as the centre reviews it. */
export interface ExtensionRequestView {
  caseId: string;
  number: number;
  round: number | null;
  agencyId: string;
  reason: string;
  requestedDeadline: string;
  previousDeadline: string | null;
  status: ExtensionRequestStatus;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

const at = z.iso.datetime({ offset: true });

export const extensionRequestViewSchema = responseSchemaFor<ExtensionRequestView>()(
  z.object({
    caseId: z.uuid(),
    number: z.number().int().describe('1, 2, 3 … per case'),
    round: z.number().int().nullable(),
    agencyId: z.string(),
    reason: z.string(),
    requestedDeadline: at,
    previousDeadline: at.nullable().describe('The feedback deadline the unit asked to move'),
    status: z.enum(EXTENSION_REQUEST_STATUSES),
    requestedAt: at,
    decidedAt: at.nullable(),
    decidedBy: z.string().nullable(),
    decisionNote: z.string().nullable(),
  }),
);

export function toExtensionRequestView(record: ExtensionRequestRecord): ExtensionRequestView {
  return {
    caseId: record.caseId,
    number: record.number,
    round: record.round,
    agencyId: record.agencyId,
    reason: record.reason,
    requestedDeadline: record.requestedDeadline.toISOString(),
    previousDeadline: record.previousDeadline?.toISOString() ?? null,
    status: record.status,
    requestedAt: record.requestedAt.toISOString(),
    decidedAt: record.decidedAt?.toISOString() ?? null,
    decidedBy: record.decidedBy,
    decisionNote: record.decisionNote,
  };
}
