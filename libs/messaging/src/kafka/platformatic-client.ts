import type * as PlatformaticKafka from '@platformatic/kafka';
import type { Base, BaseOptions } from '@platformatic/kafka';
import type { Logger } from '@hotline/observability';

export type PlatformaticModule = typeof PlatformaticKafka;

let loading: Promise<PlatformaticModule> | undefined;

/**
 * Loads the library on first use: a service on kafkajs never pays for it (loading it took 2.5-5.5 s on this
 * busy 2-core machine, kafkajs 0.6-0.9 s). An ES module, required from our CommonJS build by Node itself.
 */
export function loadPlatformatic(): Promise<PlatformaticModule> {
  loading ??= import('@platformatic/kafka');
  return loading;
}

/** What every @platformatic/kafka client of the bus shares: brokers, timeouts, bounded retries with backoff. */
export function platformaticBaseOptions(options: { brokers: string[]; clientId: string }): BaseOptions {
  return {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    connectTimeout: 5_000,
    // kafkajs's settings (createKafka): 8 retries from 200 ms, doubling. The outbox retries for ever above this.
    retries: 8,
    retryDelay: (_client, _operation, attempt) => Math.min(30_000, 200 * 2 ** (attempt - 1)),
  };
}

/** Routes a client's connection trouble into the service's logger; an 'error' without a listener would crash the process. */
export function logClientEvents(client: Base, logger: Logger): void {
  client.on('client:broker:failed', ({ broker }) => logger.warn({ kafka: { broker: `${broker.host}:${broker.port}` } }, 'kafka broker connection failed'));
  client.on('error', (err) => logger.error({ err }, 'kafka client error'));
}
