import { Module, type DynamicModule } from '@nestjs/common';
import { TokenIssuer } from '@hotline/access';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import type { IntakeConfig } from './config/intake-config';
import { INTAKE_SCHEMA, intakeEntities, intakeMigrations } from './infrastructure/database/data-source';
import { IN_FLIGHT_LIMIT_OPTIONS, type InFlightLimitOptions } from './load-shedding/in-flight-limit.interceptor';
import { ReceiveCaseController } from './receive-case/receive-case.controller';
import { ReceiveCaseHandler } from './receive-case/receive-case.handler';
import { SignInController } from './sign-in/sign-in.controller';
import { SignInHandler, TOKEN_ISSUER, TOKEN_TTL_SECONDS } from './sign-in/sign-in.handler';

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
      controllers: [ReceiveCaseController, SignInController],
      providers: [
        ReceiveCaseHandler,
        SignInHandler,
        {
          provide: TOKEN_ISSUER,
          useValue: new TokenIssuer({ privateKeyFile: config.AUTH_TOKEN_PRIVATE_KEY_FILE, issuer: config.AUTH_TOKEN_ISSUER, audience: config.AUTH_TOKEN_AUDIENCE }),
        },
        { provide: TOKEN_TTL_SECONDS, useValue: config.AUTH_TOKEN_TTL_S },
        // Read by InFlightLimitInterceptor, which Nest creates once for the controller that uses it.
        {
          provide: IN_FLIGHT_LIMIT_OPTIONS,
          useValue: { maxInFlight: config.INTAKE_MAX_IN_FLIGHT, retryAfterSeconds: config.INTAKE_OVERLOAD_RETRY_AFTER_S } satisfies InFlightLimitOptions,
        },
      ],
    };
  }
}
