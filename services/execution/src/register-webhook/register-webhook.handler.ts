import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataCipher } from '@hotline/personal-data';
import type { WebhookEventType } from '../domain/webhook-events';
import { checkWebhookUrl } from '../domain/webhook-url';
import { WebhookRepository, type WebhookSubscriptionRow } from '../infrastructure/database/webhook.repository';
import { sealWebhookSecret } from '../infrastructure/database/webhook-secret';
import { WEBHOOK_SETTINGS, type WebhookSettings } from '../deliver-webhooks/webhook-settings';
import type { RegisterWebhookRequest } from './register-webhook.request';

export interface WebhookView {
  id: string;
  agencyId: string;
  url: string;
  eventTypes: WebhookEventType[];
  createdAt: string;
}
export type RegisteredWebhookView = WebhookView & { secret: string };

export type RegisterWebhookResult = { status: 'registered'; webhook: RegisteredWebhookView } | { status: 'invalid_url'; reason: string };

const toView = (row: WebhookSubscriptionRow): WebhookView => ({
  id: row.id,
  agencyId: row.agencyId,
  url: row.url,
  eventTypes: row.eventTypes,
  createdAt: row.createdAt.toISOString(),
});

/** A unit's webhook subscriptions: register (the secret is answered once), list, delete. */
@Injectable()
export class RegisterWebhookHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async register(input: RegisterWebhookRequest & { agencyId: string; createdBy: string }): Promise<RegisterWebhookResult> {
    const check = checkWebhookUrl(input.url, this.settings.urlPolicy);
    if (!check.ok) return { status: 'invalid_url', reason: check.reason };
    const row: WebhookSubscriptionRow = {
      id: randomUUID(),
      agencyId: input.agencyId,
      url: check.url.toString(),
      eventTypes: input.eventTypes,
      createdBy: input.createdBy,
      createdAt: new Date(),
    };
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const sealedSecret = sealWebhookSecret(this.cipher, { subscriptionId: row.id, secret });
    await new WebhookRepository(this.dataSource.manager).insertSubscription({ ...row, sealedSecret });
    return { status: 'registered', webhook: { ...toView(row), secret } };
  }

  async list(agencyId: string): Promise<WebhookView[]> {
    return (await new WebhookRepository(this.dataSource.manager).listSubscriptions(agencyId)).map(toView);
  }

  delete(id: string, agencyId: string): Promise<boolean> {
    return this.dataSource.transaction((manager) => new WebhookRepository(manager).deleteSubscription(id, agencyId));
  }
}
