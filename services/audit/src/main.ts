import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';

const logger = createLogger('audit', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'audit',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: { groupId: 'hotline.audit', consumerName: 'audit' },
}).catch((err: unknown) => {
  logger.fatal({ err }, 'audit failed to start');
  process.exit(1);
});
