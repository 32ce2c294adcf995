import type { EntityManager } from 'typeorm';
import type { WebhookBody, WebhookEventType } from '../../domain/webhook-events';

export interface WebhookSubscriptionRow {
  id: string;
  agencyId: string;
  url: string;
  eventTypes: WebhookEventType[];
  createdBy: string;
  createdAt: Date;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead_lettered' | 'cancelled';

export interface WebhookDeliveryRow {
  id: string;
  subscriptionId: string;
  agencyId: string;
  caseId: string;
  sequence: number;
  eventId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastError: string | null;
  deadLetteredAt: Date | null;
  replays: number;
}

/** A due delivery with what the worker needs to send it. */
export interface DueDelivery extends WebhookDeliveryRow {
  url: string;
  /** As stored: open it with openWebhookSecret just before signing. */
  sealedSecret: string;
  body: WebhookBody;
}

const SUBSCRIPTION_COLUMNS = `id, agency_id AS "agencyId", url, event_types AS "eventTypes", created_by AS "createdBy", created_at AS "createdAt"`;
const DELIVERY_COLUMNS = `d.id, d.subscription_id AS "subscriptionId", d.agency_id AS "agencyId", d.case_id AS "caseId", d.sequence, d.event_id AS "eventId",
  d.event_type AS "eventType", d.status, d.attempts, d.first_attempt_at AS "firstAttemptAt", d.last_attempt_at AS "lastAttemptAt",
  d.last_error AS "lastError", d.dead_lettered_at AS "deadLetteredAt", d.replays`;

/** Webhook subscriptions and their deliveries, inside the caller's transaction. */
export class WebhookRepository {
  constructor(private readonly manager: EntityManager) {}

  async insertSubscription(row: WebhookSubscriptionRow & { sealedSecret: string }): Promise<void> {
    await this.manager.query(
      `INSERT INTO execution.webhook_subscriptions (id, agency_id, url, event_types, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.agencyId, row.url, row.eventTypes, row.sealedSecret, row.createdBy, row.createdAt],
    );
  }

  listSubscriptions(agencyId: string): Promise<WebhookSubscriptionRow[]> {
    return this.manager.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM execution.webhook_subscriptions WHERE agency_id = $1 AND deleted_at IS NULL ORDER BY created_at`,
      [agencyId],
    );
  }

  /** Ends a subscription of this unit; its pending deliveries are cancelled. False when there is none. */
  async deleteSubscription(id: string, agencyId: string): Promise<boolean> {
    const [, affected] = await this.manager.query<[unknown, number]>(
      `UPDATE execution.webhook_subscriptions SET deleted_at = now() WHERE id = $1 AND agency_id = $2 AND deleted_at IS NULL`,
      [id, agencyId],
    );
    if (affected !== 1) return false;
    await this.manager.query(`UPDATE execution.webhook_deliveries SET status = 'cancelled' WHERE subscription_id = $1 AND status = 'pending'`, [id]);
    return true;
  }

  /**
   * The next number in a subscription's sequence for one case. Safe without a lock: every writer of a
   * case's events has compare-and-set the case's assignment row first, which serialises them.
   */
  async nextSequence(subscriptionId: string, caseId: string): Promise<number> {
    const [row] = await this.manager.query<Array<{ next: number }>>(
      `SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM execution.webhook_deliveries WHERE subscription_id = $1 AND case_id = $2`,
      [subscriptionId, caseId],
    );
    return Number(row?.next ?? 1);
  }

  async insertDelivery(row: { id: string; subscriptionId: string; agencyId: string; caseId: string; sequence: number; eventId: string; eventType: WebhookEventType; body: WebhookBody }): Promise<void> {
    await this.manager.query(
      `INSERT INTO execution.webhook_deliveries (id, subscription_id, agency_id, case_id, sequence, event_id, event_type, body, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [row.id, row.subscriptionId, row.agencyId, row.caseId, row.sequence, row.eventId, row.eventType, JSON.stringify(row.body)],
    );
  }

  /**
   * Due deliveries, each the earliest still pending of its subscription and case: a later event waits
   * until every earlier one is delivered or dead-lettered. Rows stay locked until the caller's commit,
   * and another worker skips them (and, by the NOT EXISTS, the later ones of the same case).
   */
  claimDue(limit: number): Promise<DueDelivery[]> {
    return this.manager.query(
      `SELECT ${DELIVERY_COLUMNS}, d.body, s.url, s.secret AS "sealedSecret"
         FROM execution.webhook_deliveries d JOIN execution.webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
          AND NOT EXISTS (
            SELECT 1 FROM execution.webhook_deliveries e
             WHERE e.subscription_id = d.subscription_id AND e.case_id = d.case_id AND e.sequence < d.sequence AND e.status = 'pending')
        ORDER BY d.next_attempt_at
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED`,
      [limit],
    );
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    await this.manager.query(
      `UPDATE execution.webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_attempt_at = $2,
              first_attempt_at = COALESCE(first_attempt_at, $2), last_error = NULL WHERE id = $1`,
      [id, at],
    );
  }

  async markFailed(id: string, input: { at: Date; error: string; firstAttemptAt: Date; retryAt: Date | null }): Promise<void> {
    await this.manager.query(
      `UPDATE execution.webhook_deliveries
          SET attempts = attempts + 1, last_attempt_at = $2::timestamptz, last_error = $3::text, first_attempt_at = $4::timestamptz,
              status = CASE WHEN $5::timestamptz IS NULL THEN 'dead_lettered' ELSE 'pending' END,
              next_attempt_at = COALESCE($5::timestamptz, next_attempt_at),
              dead_lettered_at = CASE WHEN $5::timestamptz IS NULL THEN $2::timestamptz ELSE NULL END
        WHERE id = $1`,
      [id, input.at, input.error.slice(0, 500), input.firstAttemptAt, input.retryAt],
    );
  }

  listDeadLetters(filter: { agencyId?: string; limit: number }): Promise<WebhookDeliveryRow[]> {
    return this.manager.query(
      `SELECT ${DELIVERY_COLUMNS} FROM execution.webhook_deliveries d
        WHERE d.status = 'dead_lettered' AND ($1::text IS NULL OR d.agency_id = $1) ORDER BY d.dead_lettered_at DESC LIMIT $2`,
      [filter.agencyId ?? null, filter.limit],
    );
  }

  findDelivery(id: string): Promise<(WebhookDeliveryRow & { isSubscriptionLive: boolean }) | undefined> {
    return this.manager
      .query(
        `SELECT ${DELIVERY_COLUMNS}, s.deleted_at IS NULL AS "isSubscriptionLive"
           FROM execution.webhook_deliveries d JOIN execution.webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1 FOR UPDATE OF d`,
        [id],
      )
      .then((rows: Array<WebhookDeliveryRow & { isSubscriptionLive: boolean }>) => rows[0]);
  }

  /** Back in the queue under its own sequence number, with a fresh day of retries. */
  async requeue(id: string): Promise<void> {
    await this.manager.query(
      `UPDATE execution.webhook_deliveries
          SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = now(), dead_lettered_at = NULL, replays = replays + 1
        WHERE id = $1 AND status = 'dead_lettered'`,
      [id],
    );
  }
}
