import type { EntityManager } from 'typeorm';
import { TOPICS, type CaseEvent } from '@hotline/contracts';
import { captureTraceContext } from '@hotline/observability';
import { OutboxRecord } from './outbox-record.entity';

export const OUTBOX_CHANNEL = 'hotline_outbox';

/**
 * Writes events to the outbox inside the caller's transaction, with the trace context of the active
 * span, and wakes the relay. The events are published only if the transaction commits.
 */
export async function appendToOutbox(
  manager: EntityManager,
  events: readonly CaseEvent[],
  options: { topic?: string } = {},
): Promise<void> {
  if (events.length === 0) return;
  const traceContext = captureTraceContext();
  const rows = events.map((event) => ({
    eventId: event.eventId,
    topic: options.topic ?? TOPICS.caseEvents,
    messageKey: event.caseId,
    envelope: { ...event, traceContext },
    publishedAt: null,
  }));
  await manager.getRepository(OutboxRecord).insert(rows);
  // NOTIFY is delivered on commit only, so the relay never sees a row that may roll back.
  await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, rows[0]?.eventId ?? '']);
}
