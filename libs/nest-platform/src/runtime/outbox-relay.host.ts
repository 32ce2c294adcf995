import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay, type EventBus, type EventProducer } from '@hotline/messaging';
import type { PlatformOptions } from './platform-options';
import { EVENT_BUS, PLATFORM_OPTIONS } from './tokens';

/** Runs the service's outbox relay for as long as the application lives. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer: EventProducer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.isPublisher || this.relay) return;
    const { config, logger, schema } = this.options;
    this.producer = this.bus.createProducer();
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
