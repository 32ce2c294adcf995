import type { Base, BaseOptions } from '@platformatic/kafka';
import type { Logger } from '@hotline/observability';

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
