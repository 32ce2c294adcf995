import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import type { IntakeConfig } from './config/intake-config';
import { INTAKE_SCHEMA, intakeEntities, intakeMigrations } from './infrastructure/database/data-source';
import { AdmissionQueue } from './load-shedding/admission-queue';
import { ADMISSION_QUEUE } from './load-shedding/admission.interceptor';
import { ReceiveCaseController } from './receive-case/receive-case.controller';
import { ReceiveCaseHandler } from './receive-case/receive-case.handler';

@Module({})
export class AppModule {
  static register(config: IntakeConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'intake',
          schema: INTAKE_SCHEMA,
          config,
          logger,
          entities: intakeEntities,
          migrations: intakeMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [ReceiveCaseController],
      providers: [
        ReceiveCaseHandler,
        {
          provide: ADMISSION_QUEUE,
          useValue: new AdmissionQueue({
            maxInFlight: config.INTAKE_MAX_IN_FLIGHT,
            maxQueued: config.INTAKE_MAX_QUEUED,
            maxWaitMs: config.INTAKE_MAX_QUEUE_WAIT_MS,
            minRetryAfterSeconds: config.INTAKE_OVERLOAD_RETRY_AFTER_S,
          }),
        },
      ],
    };
  }
}
