import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapService } from '@hotline/nest-platform';
import { createLogger } from '@hotline/observability';

export interface InProcessService {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Boots a service's Nest application inside the test process on a free port, with its real Postgres,
 * Redis and Kafka, and its Kafka consumer when it has one.
 */
export async function startInProcess(options: {
  service: string;
  appModule: DynamicModule;
  consumer?: { groupId: string; consumerName: string };
}): Promise<InProcessService> {
  const logger = createLogger(options.service, process.env['TEST_LOG_LEVEL'] ?? 'warn');
  const app = await bootstrapService({ appModule: options.appModule, service: options.service, logger, port: 0, ...(options.consumer ? { consumer: options.consumer } : {}) });
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
}
