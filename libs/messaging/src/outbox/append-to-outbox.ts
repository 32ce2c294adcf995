import type { EntityManager } from 'typeorm';
import { TOPICS, type CaseEvent } from '@hotline/contracts';
import { captureTraceContext } from '@hotline/observability';
import { currentBatchScope, type PendingOutboxRow } from '../inbox/batch-scope';
import { OutboxRecord } from './outbox-record.entity';
import { needsNotify, wakeRelayAfterCommit } from './outbox-wakeups';

/**
 * The NOTIFY channel that wakes one schema's relay from another process: a commit in one service wakes
 * only its own relay. Within a process the writer wakes its relay directly (outbox-wakeups.ts).
 */
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
  const rows = outboxRowsFor(events, options);
  const scope = currentBatchScope();
  if (scope?.manager === manager) {
    scope.outbox.push(...rows);
    return;
  }
  await insertOutboxRows(manager, rows);
}

/** The outbox rows of events, carrying the trace context of the active span. */
export function outboxRowsFor(events: readonly CaseEvent[], options: { topic?: string } = {}): PendingOutboxRow[] {
  const traceContext = captureTraceContext();
  return events.map((event) => ({
    eventId: event.eventId,
    topic: options.topic ?? TOPICS.caseEvents,
    messageKey: event.caseId,
    envelope: { ...event, traceContext },
  }));
}

/**
 * The outbox insert as a CTE named `outbox_inserted`, for a caller that writes its own rows and the
 * outbox in one statement; the expression that announces the rows to the schema's relay in another
 * process (a NOTIFY, delivered by Postgres on commit only, so the relay never sees a row that may roll
 * back; null, and no NOTIFY, when a relay in this process publishes the schema); and `wakeUp`, which the
 * caller runs once the statement has returned, to wake this process's relay after the commit. `guard`
 * is a SQL condition that must hold for the rows to go in (e.g. that the caller's own insert happened);
 * its parameters are numbered before `firstParameter`.
 */
export function outboxInsertSql(
  manager: EntityManager,
  rows: readonly PendingOutboxRow[],
  firstParameter: number,
  guard = 'true',
): { cte: string; notify: string; parameters: unknown[]; wakeUp: () => void } {
  const schema = outboxSchema(manager);
  const [rowsParameter, channelParameter, payloadParameter] = [firstParameter, firstParameter + 1, firstParameter + 2];
  return {
    cte: `outbox_inserted AS (
       INSERT INTO "${schema}".outbox (event_id, topic, message_key, envelope)
       SELECT (r->>'eventId')::uuid, r->>'topic', r->>'messageKey', r->'envelope'
         FROM jsonb_array_elements($${rowsParameter}::jsonb) WITH ORDINALITY AS t(r, n) WHERE ${guard} ORDER BY n
       RETURNING 1)`,
    notify: `(SELECT pg_notify($${channelParameter}::text, $${payloadParameter}) FROM (SELECT count(*) AS n FROM outbox_inserted) AS done
               WHERE done.n > 0 AND $${channelParameter}::text IS NOT NULL)`,
    parameters: [JSON.stringify(rows), needsNotify(schema) ? outboxChannel(schema) : null, rows[0]?.eventId ?? ''],
    wakeUp: () => wakeRelayAfterCommit(manager, schema),
  };
}

/** Inserts outbox rows in one statement, in the given order, and wakes the schema's relay once they commit. */
export async function insertOutboxRows(manager: EntityManager, rows: readonly PendingOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { cte, notify, parameters, wakeUp } = outboxInsertSql(manager, rows, 1);
  await manager.query(`WITH ${cte} SELECT ${notify}`, parameters);
  wakeUp();
}
