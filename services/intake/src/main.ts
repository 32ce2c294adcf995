import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { INTAKE_CONSUMER } from './infrastructure/messaging/intake-consumer';

const logger = createLogger('intake', config.LOG_LEVEL);

bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'intake',
  logger,
  port: config.PORT,
  host: config.HOST,
  // Intake consumes the case events too: they keep its Open311 view of every case current, and
  // case.personal_data_erased erases intake's copy of the reporter's contact.
  consumer: INTAKE_CONSUMER,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'intake failed to start');
  process.exit(1);
});
