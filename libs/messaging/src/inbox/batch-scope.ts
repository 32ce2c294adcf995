import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { InboxRecord } from './inbox-record.entity';

/** An outbox row written by a handler inside a batch; inserted with the others when the batch commits. */
export interface PendingOutboxRow {
  eventId: string;
  topic: string;
  messageKey: string;
  envelope: unknown;
}

/**
 * One consumer transaction shared by every message of a partition's batch. `processOnce` and
 * `appendToOutbox` find it through async-local storage, so handlers are written as if they ran alone:
 * the inbox rows are claimed in bulk before the handlers run, and their outbox rows go in bulk after.
 */
export interface BatchScope {
  readonly dataSource: DataSource;
  readonly manager: EntityManager;
  readonly consumer: string;
  /** Event ids whose inbox row this batch inserted and whose effect has not run yet. */
  readonly claimed: Set<string>;
  readonly outbox: PendingOutboxRow[];
  /** The batch's events, in order (redeliveries included). */
  readonly events: readonly CaseEvent[];
  /** Work the handlers deferred to the end of the batch (see `withBatchWork`), by key, in creation order. */
  readonly work: Map<symbol, BatchWork>;
}

/** Writes a handler gathers over a batch and makes in bulk, once, before the batch commits. */
export interface BatchWork {
  flush(): Promise<void>;
}

const storage = new AsyncLocalStorage<BatchScope>();

export function currentBatchScope(): BatchScope | undefined {
  return storage.getStore();
}

export function runInBatchScope<T>(scope: BatchScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/**
 * Work shared by the events of one batch, so that they share statements: `create` makes it once per
 * batch, for all of the batch's events (it may read their rows in one statement), every handler of the
 * batch uses the same one, and its `flush` runs once after the last handler, inside the batch's
 * transaction, before the outbox rows go in. Outside a batch (a message handled alone) it is made
 * for the one event and flushed as soon as `use` returns, in the caller's transaction.
 */
export async function withBatchWork<W extends BatchWork, T>(
  manager: EntityManager,
  key: symbol,
  event: CaseEvent,
  create: (events: readonly CaseEvent[]) => W,
  use: (work: W) => Promise<T>,
): Promise<T> {
  const shared = batchWorkIn(manager, key, create);
  if (shared) return use(shared);
  const work = create([event]);
  const result = await use(work);
  await work.flush();
  return result;
}

/**
 * The batch's work under `key` when `manager` is a consumer batch's transaction (made by `create` for all of
 * the batch's events on first use, flushed with the batch's other work before it commits); undefined
 * outside a batch, where the caller writes at once. For a store that several handlers share, with no one
 * event to hand: one handler's `withBatchWork` is the same work.
 */
export function batchWorkIn<W extends BatchWork>(manager: EntityManager, key: symbol, create: (events: readonly CaseEvent[]) => W): W | undefined {
  const scope = currentBatchScope();
  if (scope?.manager !== manager) return undefined;
  let work = scope.work.get(key) as W | undefined;
  if (!work) scope.work.set(key, (work = create(scope.events)));
  return work;
}

/** Flushes the batch's deferred work, in the order it was created. */
export async function flushBatchWork(scope: BatchScope): Promise<void> {
  for (const work of scope.work.values()) await work.flush();
}

function inboxTable(manager: EntityManager): string {
  const metadata = manager.connection.getMetadata(InboxRecord);
  return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
}

/**
 * Inserts the inbox rows of a whole batch in one statement and returns the event ids that were new.
 * An id already present (a redelivery) is left out, and so is the second copy of an id that appears
 * twice in the batch: its effect runs once.
 */
export async function claimInboxRows(
  manager: EntityManager,
  consumer: string,
  events: readonly { eventId: string; type: string }[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO ${inboxTable(manager)} (consumer, event_id, event_type)
     SELECT $1, e.event_id, e.event_type FROM unnest($2::uuid[], $3::text[]) AS e(event_id, event_type)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, events.map((event) => event.eventId), events.map((event) => event.type)],
  );
  return new Set(rows.map((row) => row.event_id));
}

/** Claims one event's inbox row; false when it was already processed. */
export async function claimInboxRow(manager: EntityManager, consumer: string, event: { eventId: string; type: string }): Promise<boolean> {
  return (await claimInboxRows(manager, consumer, [event])).size === 1;
}
