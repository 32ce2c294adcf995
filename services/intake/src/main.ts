import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';

const logger = createLogger('intake', config.LOG_LEVEL);

bootstrapService({ appModule: AppModule.register(config, logger), service: 'intake', logger, port: config.PORT, host: config.HOST }).catch(
  (err: unknown) => {
    logger.fatal({ err }, 'intake failed to start');
    process.exit(1);
  },
);
