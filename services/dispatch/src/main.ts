import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { DISPATCH_CONSUMER } from './infrastructure/messaging/dispatch-consumer';

const logger = createLogger('dispatch', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'dispatch',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: DISPATCH_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'dispatch failed to start');
  process.exit(1);
});
