import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import { PersonalDataCipher, personalDataCipherFrom } from '@hotline/personal-data';
import type { Logger } from '@hotline/observability';
import type { FeedbackConfig } from './config/feedback-config';
import { CaseProgressConsumer } from './follow-case-progress/case-progress.consumer';
import { FollowCaseProgressHandler } from './follow-case-progress/follow-case-progress.handler';
import { GetReporterContactController } from './get-reporter-contact/get-reporter-contact.controller';
import { GetReporterContactHandler } from './get-reporter-contact/get-reporter-contact.handler';
import { ErasePersonalDataHandler, PERSONAL_DATA_RETENTION } from './erase-personal-data/erase-personal-data.handler';
import { PERSONAL_DATA_ERASURE_INTERVAL_MS, PersonalDataEraser } from './erase-personal-data/personal-data-eraser';
import { FEEDBACK_SCHEMA, feedbackEntities, feedbackMigrations } from './infrastructure/database/data-source';
import { ListFollowUpsController } from './list-follow-ups/list-follow-ups.controller';
import { ListFollowUpsHandler } from './list-follow-ups/list-follow-ups.handler';
import { RecordFollowUpController } from './record-follow-up/record-follow-up.controller';
import { RecordFollowUpHandler } from './record-follow-up/record-follow-up.handler';

@Module({})
export class AppModule {
  static register(config: FeedbackConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'feedback',
          schema: FEEDBACK_SCHEMA,
          config,
          logger,
          entities: feedbackEntities,
          migrations: feedbackMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [CaseProgressConsumer, ListFollowUpsController, RecordFollowUpController, GetReporterContactController],
      providers: [
        FollowCaseProgressHandler,
        ListFollowUpsHandler,
        RecordFollowUpHandler,
        GetReporterContactHandler,
        { provide: PersonalDataCipher, useValue: personalDataCipherFrom(config) },
        ErasePersonalDataHandler,
        PersonalDataEraser,
        { provide: PERSONAL_DATA_RETENTION, useValue: { retentionDays: config.PERSONAL_DATA_RETENTION_DAYS, batchSize: 100 } },
        { provide: PERSONAL_DATA_ERASURE_INTERVAL_MS, useValue: config.PERSONAL_DATA_ERASURE_INTERVAL_MS },
      ],
    };
  }
}
