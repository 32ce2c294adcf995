import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The events of one case's whole loop, in order, as the services publish them. */
export const ONE_CASE_EVENT_TYPES = ['case.received', 'case.classified', 'case.dispatched', 'case.signed', 'case.feedback_submitted', 'case.closed'] as const;

interface FixtureEnvelope {
  type: string;
  version: number;
  [field: string]: unknown;
}

export interface SampleEnvelope extends FixtureEnvelope {
  eventId: string;
  caseId: string;
  traceContext: { traceparent: string };
}

export interface SampleMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Realistic case-event messages: the contracts' golden fixtures of one case's loop, each with fresh
 * ids, time and trace context, keyed by caseId with the headers the outbox relay sets.
 */
export class SampleEvents {
  private readonly templates: FixtureEnvelope[];
  private position = 0;
  private caseId = randomUUID();
  private previousEventId: string | null = null;

  constructor(repoRoot: string) {
    this.templates = ONE_CASE_EVENT_TYPES.map(
      (type) => JSON.parse(readFileSync(resolve(repoRoot, 'libs/contracts/fixtures', `${type}.v1.json`), 'utf8')) as FixtureEnvelope,
    );
  }

  /** The next event's envelope, as an object (what an outbox row's jsonb holds). */
  nextEnvelope(): SampleEnvelope {
    if (this.position === this.templates.length) {
      this.position = 0;
      this.caseId = randomUUID();
      this.previousEventId = null;
    }
    const template = this.templates[this.position++];
    const eventId = randomUUID();
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const envelope: SampleEnvelope = {
      ...template,
      eventId,
      caseId: this.caseId,
      correlationId: this.caseId,
      causationId: this.previousEventId,
      occurredAt: new Date().toISOString(),
      traceContext: { traceparent },
    };
    this.previousEventId = eventId;
    return envelope;
  }

  /** The next event as the relay sends it to Kafka. */
  nextMessage(): SampleMessage {
    const envelope = this.nextEnvelope();
    return {
      key: envelope.caseId,
      value: JSON.stringify(envelope),
      headers: {
        'event-id': envelope.eventId,
        'event-type': envelope.type,
        'event-version': String(envelope.version),
        traceparent: envelope.traceContext.traceparent,
      },
    };
  }
}
