import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { EXECUTION_CONSUMER } from './infrastructure/messaging/execution-consumer';

const logger = createLogger('execution', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'execution',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: EXECUTION_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'execution failed to start');
  process.exit(1);
});
