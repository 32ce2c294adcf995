import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { CLASSIFICATION_CONSUMER } from './classify-case/classification-consumer';

const logger = createLogger('classification', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'classification',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: CLASSIFICATION_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'classification failed to start');
  process.exit(1);
});
