import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TokenIssuer } from '@hotline/access';
import { LimitsStore, PlatformModule } from '@hotline/nest-platform';
import { PersonalDataCipher, personalDataCipherFrom } from '@hotline/personal-data';
import type { Logger } from '@hotline/observability';
import type { IntakeConfig } from './config/intake-config';
import { ErasePersonalDataHandler } from './erase-personal-data/erase-personal-data.handler';
import { PersonalDataErasedConsumer } from './erase-personal-data/personal-data-erased.consumer';
import { INTAKE_SCHEMA, intakeEntities, intakeMigrations } from './infrastructure/database/data-source';
import { AdmissionQueue } from './load-shedding/admission-queue';
import { ADMISSION_QUEUE } from './load-shedding/admission.interceptor';
import { OPEN311_CONTROLLERS, OPEN311_FALLBACK_CONTROLLERS, OPEN311_PROVIDERS, configureOpen311Middleware } from './open311/open311.module';
import { FileGridReportController } from './file-grid-report/file-grid-report.controller';
import { FileGridReportHandler } from './file-grid-report/file-grid-report.handler';
import { ListGridReportsController } from './list-grid-reports/list-grid-reports.controller';
import { ReceiveCaseController } from './receive-case/receive-case.controller';
import { RECEIVE_GROUP_OPTIONS, ReceiveCaseHandler } from './receive-case/receive-case.handler';
import { SignInController } from './sign-in/sign-in.controller';
import { SIGN_IN_LOCKOUT, SignInLockout } from './sign-in/sign-in-lockout';
import { SignInHandler, TOKEN_ISSUER, TOKEN_TTL_SECONDS } from './sign-in/sign-in.handler';

@Module({})
export class AppModule implements NestModule {
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
      controllers: [ReceiveCaseController, FileGridReportController, ListGridReportsController, SignInController, PersonalDataErasedConsumer, ...OPEN311_CONTROLLERS, ...OPEN311_FALLBACK_CONTROLLERS],
      providers: [
        ReceiveCaseHandler,
        FileGridReportHandler,
        ErasePersonalDataHandler,
        SignInHandler,
        ...OPEN311_PROVIDERS,
        {
          provide: TOKEN_ISSUER,
          useValue: new TokenIssuer({ privateKeyFile: config.AUTH_TOKEN_PRIVATE_KEY_FILE, issuer: config.AUTH_TOKEN_ISSUER, audience: config.AUTH_TOKEN_AUDIENCE }),
        },
        { provide: TOKEN_TTL_SECONDS, useValue: config.AUTH_TOKEN_TTL_S },
        {
          provide: SIGN_IN_LOCKOUT,
          inject: [LimitsStore],
          useFactory: (store: LimitsStore) =>
            new SignInLockout(store, `${config.REDIS_KEY_PREFIX}:intake`, {
              maxFailuresPerAddress: config.SIGN_IN_MAX_FAILURES,
              maxFailuresPerUser: config.SIGN_IN_MAX_FAILURES_PER_USER,
              windowSeconds: config.SIGN_IN_LOCKOUT_WINDOW_S,
            }),
        },
        { provide: PersonalDataCipher, useValue: personalDataCipherFrom(config) },
        {
          provide: RECEIVE_GROUP_OPTIONS,
          useValue: { maxInFlight: config.INTAKE_RECEIVE_STATEMENTS, maxSize: config.INTAKE_RECEIVE_GROUP_MAX },
        },
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

  configure(consumer: MiddlewareConsumer): void {
    configureOpen311Middleware(consumer);
  }
}
