import { maskReportersIn } from '@hotline/personal-data';
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

export interface CaseTimelineResponse {
  caseId: string;
  trackingNumber: string | null;
  events: TimelineEventResponse[];
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
