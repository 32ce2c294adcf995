import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WebhookEventType } from '../domain/webhook-events';
import { WebhookRepository } from '../infrastructure/database/webhook.repository';
import type { ListDeadLettersQuery } from './webhook-dead-letters.request';

export interface DeadLetterView {
  id: string;
  subscriptionId: string;
  agencyId: string;
  caseId: string;
  sequence: number;
  eventId: string;
  eventType: WebhookEventType;
  attempts: number;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  deadLetteredAt: string;
  replays: number;
}
export interface ReplayedDeliveryView {
  id: string;
  status: 'pending';
}

export type ReplayResult = { status: 'requeued'; delivery: ReplayedDeliveryView } | { status: 'not_found' } | { status: 'not_dead_lettered' } | { status: 'subscription_deleted' };

/** Deliveries that failed for a whole retry period, and putting one back in its case's queue. */
@Injectable()
export class WebhookDeadLettersHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListDeadLettersQuery): Promise<DeadLetterView[]> {
    const rows = await new WebhookRepository(this.dataSource.manager).listDeadLetters(query);
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscriptionId,
      agencyId: row.agencyId,
      caseId: row.caseId,
      sequence: row.sequence,
      eventId: row.eventId,
      eventType: row.eventType,
      attempts: row.attempts,
      firstAttemptAt: row.firstAttemptAt?.toISOString() ?? null,
      lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
      lastError: row.lastError,
      deadLetteredAt: (row.deadLetteredAt ?? new Date(0)).toISOString(),
      replays: row.replays,
    }));
  }

  /**
   * The delivery keeps its sequence number: once pending again, the case's later deliveries still
   * pending wait for it, as they would have the first time.
   */
  replay(id: string): Promise<ReplayResult> {
    return this.dataSource.transaction(async (manager): Promise<ReplayResult> => {
      const webhooks = new WebhookRepository(manager);
      const delivery = await webhooks.findDelivery(id);
      if (!delivery) return { status: 'not_found' };
      if (delivery.status !== 'dead_lettered') return { status: 'not_dead_lettered' };
      if (!delivery.isSubscriptionLive) return { status: 'subscription_deleted' };
      await webhooks.requeue(id);
      return { status: 'requeued', delivery: { id, status: 'pending' } };
    });
  }
}
