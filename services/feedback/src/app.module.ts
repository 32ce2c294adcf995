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
import { FOLLOW_UP_POLICY, SURVEY_TOKEN_TTL_MS, followUpPolicyFrom } from './follow-up-policy/follow-up-policy.provider';
import { ListReviewsController } from './list-reviews/list-reviews.controller';
import { ListReviewsHandler } from './list-reviews/list-reviews.handler';
import { ReviewFeedbackController } from './review-feedback/review-feedback.controller';
import { ReviewFeedbackHandler } from './review-feedback/review-feedback.handler';
import { InspectOnSiteController } from './inspect-on-site/inspect-on-site.controller';
import { InspectOnSiteHandler } from './inspect-on-site/inspect-on-site.handler';
import { AnswerSurveyController } from './answer-survey/answer-survey.controller';
import { AnswerSurveyHandler } from './answer-survey/answer-survey.handler';
import { CloseUnreachableHandler } from './close-unreachable/close-unreachable.handler';
import { FOLLOW_UP_SWEEP_INTERVAL_MS, UnreachableSweep } from './close-unreachable/unreachable-sweep';

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
      controllers: [
        CaseProgressConsumer,
        ListFollowUpsController,
        RecordFollowUpController,
        GetReporterContactController,
        ListReviewsController,
        ReviewFeedbackController,
        InspectOnSiteController,
        AnswerSurveyController,
      ],
      providers: [
        FollowCaseProgressHandler,
        ListFollowUpsHandler,
        RecordFollowUpHandler,
        GetReporterContactHandler,
        ListReviewsHandler,
        ReviewFeedbackHandler,
        InspectOnSiteHandler,
        AnswerSurveyHandler,
        CloseUnreachableHandler,
        UnreachableSweep,
        { provide: FOLLOW_UP_POLICY, useValue: followUpPolicyFrom(config) },
        { provide: SURVEY_TOKEN_TTL_MS, useValue: config.SURVEY_TOKEN_TTL },
        { provide: FOLLOW_UP_SWEEP_INTERVAL_MS, useValue: config.FOLLOW_UP_SWEEP_INTERVAL_MS },
        { provide: PersonalDataCipher, useValue: personalDataCipherFrom(config) },
        ErasePersonalDataHandler,
        PersonalDataEraser,
        { provide: PERSONAL_DATA_RETENTION, useValue: { retentionDays: config.PERSONAL_DATA_RETENTION_DAYS, batchSize: 100 } },
        { provide: PERSONAL_DATA_ERASURE_INTERVAL_MS, useValue: config.PERSONAL_DATA_ERASURE_INTERVAL_MS },
      ],
    };
  }
}
