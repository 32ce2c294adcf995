import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { OutboxRelay, createOrderedProducer } from '@hotline/messaging';
import type { PlatformOptions } from './platform-options';
import { KAFKA, PLATFORM_OPTIONS } from './tokens';

/** Runs the service's outbox relay for as long as the application lives. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.isPublisher || this.relay) return;
    const { config, logger, schema } = this.options;
    this.producer = createOrderedProducer(this.kafka);
    this.relay = new OutboxRelay({
      databaseUrl: config.DATABASE_URL,
      schema,
      producer: this.producer,
      logger,
      batchSize: config.OUTBOX_BATCH_SIZE,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }
}
