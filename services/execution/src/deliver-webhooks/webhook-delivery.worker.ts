import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@hotline/nest-platform';
import { PersonalDataCipher, PersonalDataError } from '@hotline/personal-data';
import { nextAttempt } from '../domain/webhook-retry';
import { WebhookRepository, type DueDelivery } from '../infrastructure/database/webhook.repository';
import { openWebhookSecret } from '../infrastructure/database/webhook-secret';
import { sendWebhook, type SendOutcome } from './webhook-sender';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings';

/**
 * Sends due webhook deliveries for as long as the application lives. Every replica runs one; rows are
 * claimed with FOR UPDATE SKIP LOCKED, so they share the work and never send one delivery twice at once.
 * At least once: a crash between the endpoint's answer and the commit sends it again, same id.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private isRunning = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformOptions,
    private readonly cipher: PersonalDataCipher,
  ) {}

  onApplicationBootstrap(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.isRunning = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      try {
        const sent = await this.deliverBatch();
        failures = 0;
        if (sent < this.settings.batchSize) await this.pause(this.settings.pollIntervalMs);
      } catch (err) {
        failures += 1;
        const retryInMs = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
        this.platform.logger.warn({ err, retryInMs }, 'webhook delivery worker failed; retrying');
        await this.pause(retryInMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One transaction: claim, send them all at once (each to another subscription or case), record. */
  private deliverBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const webhooks = new WebhookRepository(manager);
      const due = await webhooks.claimDue(this.settings.batchSize);
      const outcomes = await Promise.all(due.map((delivery) => this.send(delivery)));
      const now = new Date();
      for (const [index, delivery] of due.entries()) {
        const outcome = outcomes[index];
        if (outcome.ok) {
          await webhooks.markDelivered(delivery.id, now);
          continue;
        }
        const firstAttemptAt = delivery.firstAttemptAt ?? now;
        const decision = nextAttempt(this.settings.retry, { attempts: delivery.attempts + 1, firstAttemptAt, now });
        const retryAt = decision.kind === 'retry' ? decision.at : null;
        await webhooks.markFailed(delivery.id, { at: now, error: outcome.error, firstAttemptAt, retryAt });
        if (!retryAt) {
          this.platform.logger.warn({ deliveryId: delivery.id, caseId: delivery.caseId, agencyId: delivery.agencyId, error: outcome.error }, 'webhook delivery dead-lettered');
        }
      }
      return due.length;
    });
  }

  private send(delivery: DueDelivery): Promise<SendOutcome> {
    let secret: string;
    try {
      secret = openWebhookSecret(this.cipher, { subscriptionId: delivery.subscriptionId, sealedSecret: delivery.sealedSecret });
    } catch (err) {
      if (!(err instanceof PersonalDataError)) throw err;
      // A key retired before personal-data:rotate re-sealed this secret (or a tampered row): this delivery
      // fails and takes the retry and dead-letter path; the others of the batch go on.
      const error = `signing secret cannot be opened: ${err.code} (${err.message})`;
      this.platform.logger.error({ deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, agencyId: delivery.agencyId, code: err.code }, error);
      return Promise.resolve({ ok: false, error });
    }
    return sendWebhook(
      { url: delivery.url, secret, deliveryId: delivery.id, body: JSON.stringify(delivery.body), timestamp: Math.floor(Date.now() / 1000) },
      { urlPolicy: this.settings.urlPolicy, timeoutMs: this.settings.timeoutMs },
    );
  }
}
