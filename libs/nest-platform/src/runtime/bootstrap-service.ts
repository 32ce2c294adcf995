import { flushCompileCache } from 'node:module';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { TOPICS } from '@hotline/contracts';
import type { NestMicroservice } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { KafkaEventServer } from '@hotline/messaging';
import type { Logger } from '@hotline/observability';
import { answerClientErrorsWithEnvelope } from '../errors/client-error.handler';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { refuseUnsafeInput } from '../input/refuse-unsafe-input.middleware';
import { RethrowToConsumerFilter } from '../errors/rethrow-to-consumer.filter';
import type { PlatformOptions } from './platform-options';
import { EVENT_BUS, PLATFORM_OPTIONS } from './tokens';

export interface BootstrapOptions {
  appModule: Type<unknown> | DynamicModule;
  service: string;
  logger: Logger;
  port: number;
  host?: string;
  /** Consumer group and inbox name, when the service consumes case events. */
  consumer?: { groupId: string; consumerName: string };
}

/** Creates, wires and starts a service: HTTP on `port`, plus its Kafka consumer when it has one. */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(options.appModule, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalFilters(new HttpErrorFilter(options.logger));
  app.enableShutdownHooks();
  // Bodies beyond HTTP_BODY_LIMIT_BYTES answer 413 REQUEST.TOO_LARGE before any handler runs.
  const { config: platformConfig } = app.get<PlatformOptions>(PLATFORM_OPTIONS);
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: platformConfig.HTTP_BODY_LIMIT_BYTES });
  express.useBodyParser('urlencoded', { limit: platformConfig.HTTP_BODY_LIMIT_BYTES, extended: true });
  // Bad input answers 4xx with our envelope, never 500: too deep or NUL (after parsing), and whatever
  // Node's HTTP parser refuses before Nest runs.
  express.use(refuseUnsafeInput);
  answerClientErrorsWithEnvelope(express.getHttpServer());
  await app.listen(options.port, options.host ?? '127.0.0.1');
  // Nearly every module is loaded by now: write Node's compile cache (when NODE_COMPILE_CACHE enables it)
  // at once instead of at exit, so that a service killed later still leaves it for its next start; and
  // again once the consumer has joined its group, for the modules that took.
  flushCompileCache();
  if (options.consumer) {
    const { config } = app.get<PlatformOptions>(PLATFORM_OPTIONS);
    // The HTTP filter is not inherited: consumer errors go back to the transport as they are.
    const microservice = app.connectMicroservice(
      {
        strategy: new KafkaEventServer({
          bus: app.get(EVENT_BUS),
          consumerName: options.consumer.consumerName,
          groupId: options.consumer.groupId,
          topic: TOPICS.caseEvents,
          dlqTopic: TOPICS.caseEventsDlq,
          logger: options.logger,
          dataSource: app.get(DataSource),
          maxBatchSize: config.CONSUMER_MAX_BATCH_SIZE,
          partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
          coalescePartitions: config.CONSUMER_GROUP_COMMIT,
          autoCommitIntervalMs: config.KAFKA_COMMIT_INTERVAL_MS,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
          heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
          fetchMinBytes: config.CONSUMER_FETCH_MIN_BYTES,
          fetchMaxWaitMs: config.CONSUMER_FETCH_MAX_WAIT_MS,
        }),
      },
      { inheritAppConfig: false, deferInitialization: true },
    );
    microservice.useGlobalFilters(new RethrowToConsumerFilter());
    // The application has already run the lifecycle hooks on the shared container; a deferred
    // microservice would run them a second time (and start a second outbox relay).
    (microservice as NestMicroservice).setIsInitHookCalled(true);
    await app.startAllMicroservices();
    flushCompileCache();
  }
  options.logger.info({ port: options.port }, `${options.service} listening on http://${options.host ?? '127.0.0.1'}:${options.port}`);
  return app;
}
