import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import type { IntakeConfig } from './config/intake-config';
import { INTAKE_SCHEMA, intakeEntities, intakeMigrations } from './infrastructure/database/data-source';
import { IN_FLIGHT_LIMIT_OPTIONS, type InFlightLimitOptions } from './load-shedding/in-flight-limit.interceptor';
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
        // Read by InFlightLimitInterceptor, which Nest creates once for the controller that uses it.
        {
          provide: IN_FLIGHT_LIMIT_OPTIONS,
          useValue: { maxInFlight: config.INTAKE_MAX_IN_FLIGHT, retryAfterSeconds: config.INTAKE_OVERLOAD_RETRY_AFTER_S } satisfies InFlightLimitOptions,
        },
      ],
    };
  }
}
