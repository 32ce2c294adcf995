import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Precondition } from '@hotline/messaging';
import type { WebhookEventType } from '../domain/webhook-events';

export interface LiveSubscription {
  id: string;
  agencyId: string;
}

interface Subscription extends LiveSubscription {
  eventTypes: readonly string[];
  /** Its place in the order of registration. */
  position: number;
}

/** The live subscriptions at one version of the table. */
export class LiveSubscriptions {
  private readonly byAgency = new Map<string, Subscription[]>();

  constructor(
    readonly version: string,
    subscriptions: readonly Omit<Subscription, 'position'>[],
  ) {
    subscriptions.forEach((subscription, position) => {
      const ofAgency = this.byAgency.get(subscription.agencyId) ?? [];
      ofAgency.push({ ...subscription, position });
      this.byAgency.set(subscription.agencyId, ofAgency);
    });
  }

  /** The subscriptions of these units that asked for this event type, in the order they were registered. */
  subscribersOf(agencyIds: readonly string[], eventType: WebhookEventType): LiveSubscription[] {
    return [...new Set(agencyIds)]
      .flatMap((agencyId) => this.byAgency.get(agencyId) ?? [])
      .filter((subscription) => subscription.eventTypes.includes(eventType))
      .sort((a, b) => a.position - b.position)
      .map(({ id, agencyId }) => ({ id, agencyId }));
  }
}

const known = new WeakMap<DataSource, LiveSubscriptions>();
const ofTransaction = new WeakMap<QueryRunner, Promise<LiveSubscriptions>>();

/**
 * The live webhook subscriptions, held in memory per process. Every change to the table moves a version
 * counter in its own transaction (a trigger); each transaction that queues deliveries compares it once,
 * in one one-row statement, and the subscriptions are read again only when it moved. A consumer's batch
 * is one transaction: one statement per batch instead of a subscription query per event. What a
 * transaction sees is what a query at its first use would have seen.
 */
export function liveSubscriptions(manager: EntityManager): Promise<LiveSubscriptions> {
  const transaction = manager.queryRunner?.isTransactionActive ? manager.queryRunner : undefined;
  const memo = transaction && ofTransaction.get(transaction);
  if (memo) return memo;
  const current = readCurrent(manager);
  if (transaction) ofTransaction.set(transaction, current);
  return current;
}

/** The subscriptions this process last read, at the version it read them, without asking: none before the first read. */
export function lastReadSubscriptions(manager: EntityManager): LiveSubscriptions | undefined {
  return known.get(manager.connection);
}

/**
 * That the subscriptions are still at `version`, as a compare-and-set's precondition: a request that found no
 * subscriber in `lastReadSubscriptions` writes only if no subscription changed since, checked in its own
 * statement's snapshot.
 */
export function subscriptionsStillAt(version: string): Precondition {
  // As readCurrent reads it: a missing row is version 0.
  return (first) => ({ sql: `coalesce((SELECT version::text FROM execution.webhook_subscriptions_version WHERE id = 1), '0') = $${first}`, parameters: [version] });
}

async function readCurrent(manager: EntityManager): Promise<LiveSubscriptions> {
  const [row] = await manager.query<Array<{ version: string }>>('SELECT version::text AS version FROM execution.webhook_subscriptions_version WHERE id = 1');
  const version = row?.version ?? '0';
  const cached = known.get(manager.connection);
  if (cached?.version === version) return cached;
  const rows = await manager.query<Array<{ id: string; agencyId: string; eventTypes: string[] }>>(
    `SELECT id, agency_id AS "agencyId", event_types AS "eventTypes" FROM execution.webhook_subscriptions
      WHERE deleted_at IS NULL ORDER BY created_at, id`,
  );
  const loaded = new LiveSubscriptions(version, rows);
  known.set(manager.connection, loaded);
  return loaded;
}
