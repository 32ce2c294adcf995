import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { ASSESSMENT_CONSUMER } from './infrastructure/messaging/assessment-consumer';

const logger = createLogger('assessment', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'assessment',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: ASSESSMENT_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'assessment failed to start');
  process.exit(1);
});
