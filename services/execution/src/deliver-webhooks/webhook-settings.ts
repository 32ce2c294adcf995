import type { ExecutionConfig } from '../config/execution-config';
import type { WebhookRetryPolicy } from '../domain/webhook-retry';
import type { WebhookUrlPolicy } from '../domain/webhook-url';

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

/** The webhook settings of execution's configuration, in the shape the use cases take. */
export interface WebhookSettings {
  urlPolicy: WebhookUrlPolicy;
  retry: WebhookRetryPolicy;
  timeoutMs: number;
  pollIntervalMs: number;
  batchSize: number;
}

export function webhookSettingsFrom(config: ExecutionConfig): WebhookSettings {
  return {
    urlPolicy: { allowInsecure: config.WEBHOOK_ALLOW_INSECURE_URLS ?? config.NODE_ENV !== 'production' },
    retry: { baseDelayMs: config.WEBHOOK_BACKOFF_BASE_MS, maxDelayMs: config.WEBHOOK_BACKOFF_MAX_MS, retryForMs: config.WEBHOOK_RETRY_FOR_S * 1000 },
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
    batchSize: config.WEBHOOK_BATCH_SIZE,
  };
}
