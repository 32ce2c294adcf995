import { z } from 'zod';
import { DISPUTE_DECIDERS, DISPUTE_REASONS, type DisputeDecider, type DisputeReason } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { DisputeRecord, DisputeStatus } from '../database/entities/dispute.entity';

export const DISPUTE_STATUSES = ['pending', 'redispatched', 'rejected'] as const satisfies readonly DisputeStatus[];

/** A return (退单) as the centre reviews it. */
export interface DisputeView {
  disputeId: string;
  caseId: string;
  round: number;
  agencyId: string;
  reason: DisputeReason;
  note: string;
  returnNumber: number;
  requiresArbitration: boolean;
  status: DisputeStatus;
  raisedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedAs: DisputeDecider | null;
  decisionNote: string | null;
  redispatchedTo: string | null;
}

const at = z.iso.datetime({ offset: true });

export const disputeViewSchema = responseSchemaFor<DisputeView>()(
  z.object({
    disputeId: z.uuid(),
    caseId: z.uuid(),
    round: z.number().int(),
    agencyId: z.string().describe('The unit that returned the case'),
    reason: z.enum(DISPUTE_REASONS),
    note: z.string(),
    returnNumber: z.number().int().describe('1 for the case\'s first return, over all its rounds'),
    requiresArbitration: z.boolean().describe('Only an arbitrator decides it'),
    status: z.enum(DISPUTE_STATUSES),
    raisedAt: at,
    decidedAt: at.nullable(),
    decidedBy: z.string().nullable(),
    decidedAs: z.enum(DISPUTE_DECIDERS).nullable(),
    decisionNote: z.string().nullable(),
    redispatchedTo: z.string().nullable().describe('改派: the new unit; the dispute then counts against the returning unit\'s return rate'),
  }),
);

export function toDisputeView(record: DisputeRecord): DisputeView {
  return {
    disputeId: record.id,
    caseId: record.caseId,
    round: record.round,
    agencyId: record.agencyId,
    reason: record.reason,
    note: record.note,
    returnNumber: record.returnNumber,
    requiresArbitration: record.requiresArbitration,
    status: record.status,
    raisedAt: record.raisedAt.toISOString(),
    decidedAt: record.decidedAt?.toISOString() ?? null,
    decidedBy: record.decidedBy,
    decidedAs: record.decidedAs,
    decisionNote: record.decisionNote,
    redispatchedTo: record.redispatchedTo,
  };
}
