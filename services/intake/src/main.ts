import { config } from './instrumentation';
import 'reflect-metadata';
import { createLogger } from '@hotline/observability';
import { bootstrapService } from '@hotline/nest-platform';
import { AppModule } from './app.module';
import { INTAKE_CONSUMER } from './open311/project-case-event/project-case-event.handler';

const logger = createLogger('intake', config.LOG_LEVEL);

// Intake consumes the case events too: they keep its Open311 view of every case current.
bootstrapService({
  appModule: AppModule.register(config, logger),
  service: 'intake',
  logger,
  port: config.PORT,
  host: config.HOST,
  consumer: { groupId: 'hotline.intake', consumerName: INTAKE_CONSUMER },
}).catch(
  (err: unknown) => {
    logger.fatal({ err }, 'intake failed to start');
    process.exit(1);
  },
);
