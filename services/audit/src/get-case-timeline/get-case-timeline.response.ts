import { maskReportersIn } from '@hotline/personal-data';
import type { CaseHolding } from '../domain/case-holders';
import type { CaseEventRecord } from '../infrastructure/database/entities/case-event.entity';

export interface TimelineEventResponse {
  position: number;
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  recordedAt: string;
  producer: string;
  correlationId: string;
  causationId: string | null;
  traceId: string | null;
  /** The event's payload with the reporter's name and phone masked. */
  payload: unknown;
  hash: string;
}

/** Who held the case (承办) and when. */
export interface HolderResponse {
  agencyId: string;
  agencyName: string;
  round: number;
  copiedTo: string[];
  from: string;
  until: string | null;
  endedBy: string | null;
  returnedAt: string | null;
}

export interface CaseTimelineResponse {
  caseId: string;
  trackingNumber: string | null;
  holders: HolderResponse[];
  events: TimelineEventResponse[];
}

export function toHolderResponse(holding: CaseHolding): HolderResponse {
  return {
    agencyId: holding.agencyId,
    agencyName: holding.agencyName,
    round: holding.round,
    copiedTo: holding.copiedTo,
    from: holding.from.toISOString(),
    until: holding.until?.toISOString() ?? null,
    endedBy: holding.endedBy,
    returnedAt: holding.returnedAt?.toISOString() ?? null,
  };
}

export function toTimelineEventResponse(record: CaseEventRecord): TimelineEventResponse {
  return {
    position: record.position,
    eventId: record.eventId,
    type: record.type,
    version: record.version,
    occurredAt: record.occurredAt.toISOString(),
    recordedAt: record.recordedAt.toISOString(),
    producer: record.producer,
    correlationId: record.correlationId,
    causationId: record.causationId,
    traceId: record.traceId,
    payload: maskReportersIn(record.envelope.payload),
    hash: record.hash,
  };
}
