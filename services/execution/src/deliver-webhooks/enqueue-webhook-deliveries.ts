import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  WEBHOOK_EVENT_TYPES,
  webhookBody,
  webhookRecipients,
  type WebhookCaseState,
  type WebhookEventType,
  type WebhookRecipient,
} from '../domain/webhook-events';
import { WebhookRepository } from '../infrastructure/database/webhook.repository';
import { lastReadSubscriptions, liveSubscriptions, type LiveSubscription } from './live-subscriptions';

const isWebhookEventType = (type: string): type is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);

/**
 * Queues one delivery per subscription that wants this event, in the transaction that applies it
 * (the consumer's or the unit's own request): the event and its deliveries commit together or not at all.
 */
export async function enqueueWebhookDeliveries(
  manager: EntityManager,
  input: { event: { eventId: string; type: string; occurredAt: string }; state: WebhookCaseState; previousAgencyId?: string },
): Promise<void> {
  const { event, state } = input;
  if (!isWebhookEventType(event.type)) return;
  const recipients = webhookRecipients(state, input.previousAgencyId);
  const subscriptions = await subscribersOf(manager, event.type, recipients);
  if (subscriptions.length === 0) return;
  const webhooks = new WebhookRepository(manager);
  for (const subscription of subscriptions) {
    const role = recipients.find((recipient) => recipient.agencyId === subscription.agencyId)?.role ?? 'lead';
    const sequence = await webhooks.nextSequence(subscription.id, state.caseId);
    await webhooks.insertDelivery({
      id: randomUUID(),
      subscriptionId: subscription.id,
      agencyId: subscription.agencyId,
      caseId: state.caseId,
      sequence,
      eventId: event.eventId,
      eventType: event.type,
      body: webhookBody({ event: { ...event, type: event.type }, state, sequence, role }),
    });
  }
}

/**
 * Whether `enqueueWebhookDeliveries` would queue any delivery for this event (the same recipients), by the
 * subscriptions this process last read, at their version; read now only if it never has. A request that finds
 * none can write its change and event in one statement, on the precondition that the subscriptions are still
 * at that version (`subscriptionsStillAt`); if they moved, it goes the way that queues deliveries.
 */
export async function webhookDeliveriesWanted(
  manager: EntityManager,
  eventType: WebhookEventType,
  state: WebhookCaseState,
): Promise<{ wanted: boolean; atVersion: string }> {
  const subscriptions = lastReadSubscriptions(manager) ?? (await liveSubscriptions(manager));
  const wanted = subscriptions.subscribersOf(webhookRecipients(state).map((recipient) => recipient.agencyId), eventType).length > 0;
  return { wanted, atVersion: subscriptions.version };
}

async function subscribersOf(manager: EntityManager, eventType: WebhookEventType, recipients: readonly WebhookRecipient[]): Promise<LiveSubscription[]> {
  return (await liveSubscriptions(manager)).subscribersOf(
    recipients.map((recipient) => recipient.agencyId),
    eventType,
  );
}
