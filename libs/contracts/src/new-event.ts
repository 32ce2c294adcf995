import { randomUUID } from 'node:crypto';
import type { Producer } from './envelope';
import type { CaseEvent, CaseEventOf, CaseEventTypeName, PayloadOf } from './catalogue';
import { eventDefinitionFor } from './catalogue';

export interface NewEventInput<T extends CaseEventTypeName> {
  type: T;
  caseId: string;
  producer: Producer;
  payload: PayloadOf<T>;
  /** The event this one reacts to; its correlationId is carried on. Omit for a first event. */
  cause?: Pick<CaseEvent, 'eventId' | 'correlationId'>;
  occurredAt?: Date;
}

/**
 * Builds a validated envelope for the newest version of `type`. The trace context is filled in by the
 * outbox when the row is written.
 */
export function newCaseEvent<T extends CaseEventTypeName>(input: NewEventInput<T>): CaseEventOf<T> {
  const eventId = randomUUID();
  const version = 1;
  const definition = eventDefinitionFor(input.type, version);
  if (!definition) throw new Error(`no schema for ${input.type} version ${version}`);
  const candidate = {
    eventId,
    type: input.type,
    version,
    caseId: input.caseId,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    correlationId: input.cause?.correlationId ?? input.caseId,
    causationId: input.cause?.eventId ?? null,
    producer: input.producer,
    traceContext: {},
    payload: input.payload,
  };
  // A producer that builds an invalid event has a bug: fail loudly before anything is written.
  return definition.schema.parse(candidate) as CaseEventOf<T>;
}
