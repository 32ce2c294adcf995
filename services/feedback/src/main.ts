import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { FEEDBACK_CONSUMER } from './infrastructure/messaging/feedback-consumer';

const logger = createLogger('feedback', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'feedback',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: FEEDBACK_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'feedback failed to start');
  process.exit(1);
});
