import type { EntityManager } from 'typeorm';
import { TOPICS, type CaseEvent } from '@hotline/contracts';
import { captureTraceContext } from '@hotline/observability';
import { currentBatchScope, type PendingOutboxRow } from '../inbox/batch-scope';
import { OutboxRecord } from './outbox-record.entity';

/** The NOTIFY channel that wakes one schema's relay: a commit in one service wakes only its own relay. */
export function outboxChannel(schema: string): string {
  return `hotline_outbox_${schema}`;
}

function outboxSchema(manager: EntityManager): string {
  return manager.connection.getMetadata(OutboxRecord).schema ?? 'public';
}

/**
 * Writes events to the outbox inside the caller's transaction, with the trace context of the active
 * span, and wakes the relay. The events are published only if the transaction commits. Inside a
 * consumer batch the rows wait in the batch and are inserted with the batch's others in one statement.
 */
export async function appendToOutbox(
  manager: EntityManager,
  events: readonly CaseEvent[],
  options: { topic?: string } = {},
): Promise<void> {
  if (events.length === 0) return;
  const traceContext = captureTraceContext();
  const rows: PendingOutboxRow[] = events.map((event) => ({
    eventId: event.eventId,
    topic: options.topic ?? TOPICS.caseEvents,
    messageKey: event.caseId,
    envelope: { ...event, traceContext },
  }));
  const scope = currentBatchScope();
  if (scope?.manager === manager) {
    scope.outbox.push(...rows);
    return;
  }
  await insertOutboxRows(manager, rows);
}

/** Inserts outbox rows in one statement, in the given order, and wakes the schema's relay on commit. */
export async function insertOutboxRows(manager: EntityManager, rows: readonly PendingOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const schema = outboxSchema(manager);
  // One round trip: the insert, and a NOTIFY that Postgres delivers on commit only, so the relay never
  // sees a row that may roll back.
  await manager.query(
    `WITH inserted AS (
       INSERT INTO "${schema}".outbox (event_id, topic, message_key, envelope)
       SELECT (r->>'eventId')::uuid, r->>'topic', r->>'messageKey', r->'envelope'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n
       RETURNING 1)
     SELECT pg_notify($2, $3) FROM (SELECT count(*) FROM inserted) AS done`,
    [JSON.stringify(rows), outboxChannel(schema), rows[0]?.eventId ?? ''],
  );
}
