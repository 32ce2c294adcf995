import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import {
  WEBHOOK_EVENT_TYPES,
  webhookBody,
  webhookRecipients,
  type WebhookCaseState,
  type WebhookEventType,
  type WebhookRecipient,
} from '../domain/webhook-events';
import { AssignmentRepository, type AssignmentChange } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import { WebhookRepository } from '../infrastructure/database/webhook.repository';
import { lastReadSubscriptions, liveSubscriptions, subscriptionsStillAt, type LiveSubscription } from './live-subscriptions';

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
 * A unit's signing or report written in one statement, with no transaction, when it queues no webhook delivery:
 * decided by the subscriptions this process last read (read now only if it never has), and written only if they
 * are still at that version, checked in the statement's own snapshot. `changed`: the order moved since it was
 * read (a lost race). `webhooks_wanted`: a subscription wants the event, or one changed since the process read
 * them; nothing was written, and the caller queues the deliveries in a transaction.
 */
export async function compareAndSetUnlessWebhooksWanted(
  manager: EntityManager,
  input: { current: AssignmentRecord; change: AssignmentChange; event: CaseEvent },
): Promise<'updated' | 'changed' | 'webhooks_wanted'> {
  const { current, change, event } = input;
  const subscriptions = lastReadSubscriptions(manager) ?? (await liveSubscriptions(manager));
  const recipients = webhookRecipients({ ...current, ...change }).map((recipient) => recipient.agencyId);
  if (isWebhookEventType(event.type) && subscriptions.subscribersOf(recipients, event.type).length > 0) return 'webhooks_wanted';
  const outcome = await new AssignmentRepository(manager).compareAndSetWithEvent(current, change, event, subscriptionsStillAt(subscriptions.version));
  return outcome === 'precondition_failed' ? 'webhooks_wanted' : outcome;
}

async function subscribersOf(manager: EntityManager, eventType: WebhookEventType, recipients: readonly WebhookRecipient[]): Promise<LiveSubscription[]> {
  return (await liveSubscriptions(manager)).subscribersOf(
    recipients.map((recipient) => recipient.agencyId),
    eventType,
  );
}
