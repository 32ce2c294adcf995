import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { SUPERVISION_CONSUMER } from './infrastructure/messaging/supervision-consumer';

const logger = createLogger('supervision', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'supervision',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: SUPERVISION_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'supervision failed to start');
  process.exit(1);
});
