import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/** What a writer needs of a relay running in its own process. */
export interface LocalRelay {
  /** True while it holds its schema's publishing lock: it, and no other replica, sends the schema's rows. */
  readonly isPublishing: boolean;
  /** Makes it read its outbox again now (or as soon as its current pass ends). */
  wakeUp(): void;
}

const relays = new Map<string, Set<LocalRelay>>();

/** Called by a relay as it starts and stops: writers in this process then wake it directly. */
export function registerLocalRelay(schema: string, relay: LocalRelay): () => void {
  const forSchema = relays.get(schema) ?? new Set<LocalRelay>();
  forSchema.add(relay);
  relays.set(schema, forSchema);
  return () => {
    forSchema.delete(relay);
    if (forSchema.size === 0 && relays.get(schema) === forSchema) relays.delete(schema);
  };
}

function publisherOf(schema: string): LocalRelay | undefined {
  for (const relay of relays.get(schema) ?? []) if (relay.isPublishing) return relay;
  return undefined;
}

/**
 * Whether a commit of this schema's outbox rows must be announced with NOTIFY: only when no relay in
 * this process publishes the schema (another replica does, or none has the lock yet). A NOTIFY is not
 * free: Postgres serialises the commits of all notifying transactions on the server behind one lock
 * held through the WAL flush (`PreCommit_Notify` in async.c), and signals the database's listening
 * backends. A wake-up that this check skipped because the lock moved between the check and the commit
 * costs the new holder its poll interval, not a row: the relay polls.
 */
export function needsNotify(schema: string): boolean {
  return publisherOf(schema) === undefined;
}

const PENDING_WAKE_UPS = 'hotlineOutboxWakeUps';

/**
 * Wakes this process's relay of `schema` once what `manager` wrote is visible to it: at once for a
 * statement that committed on its own, after the commit for one inside a transaction (never on a
 * rollback). A relay woken before the commit would read nothing and sleep through the row.
 */
export function wakeRelayAfterCommit(manager: EntityManager, schema: string): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    publisherOf(schema)?.wakeUp();
    return;
  }
  watchCommits(manager.connection);
  const pending = (runner.data[PENDING_WAKE_UPS] ??= new Set<string>()) as Set<string>;
  pending.add(schema);
}

function takePending(runner: QueryRunner): Set<string> | undefined {
  // A savepoint's release or rollback leaves the transaction open: wait for its end.
  if (runner.isTransactionActive) return undefined;
  const pending = runner.data[PENDING_WAKE_UPS] as Set<string> | undefined;
  delete runner.data[PENDING_WAKE_UPS];
  return pending;
}

/** Wakes the relays of the schemas a transaction wrote outbox rows to, once it has committed. */
class OutboxWakeUpSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    for (const schema of takePending(event.queryRunner) ?? []) publisherOf(schema)?.wakeUp();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    takePending(event.queryRunner);
  }
}

const watched = new WeakSet<DataSource>();

/** TypeORM reads a data source's subscribers at each commit: one added here hears the current transaction's. */
function watchCommits(dataSource: DataSource): void {
  if (watched.has(dataSource)) return;
  watched.add(dataSource);
  dataSource.subscribers.push(new OutboxWakeUpSubscriber());
}
