import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { PersonalDataErasure1765100000000 } from './migrations/1765100000000-personal-data-erasure';
import { RetentionOfEndedOrders1766100000000 } from './migrations/1766100000000-retention-of-ended-orders';
import type { SealedColumns } from '@hotline/personal-data';
import { FollowUpRecord } from './entities/follow-up.entity';
import { CreateFeedbackTables1764300000001 } from './migrations/1764300000001-create-feedback-tables';
import { ReviewFollowUpPolicySurveys1768200000000 } from './migrations/1768200000000-review-follow-up-policy-surveys';
import { CallListIndex1770000000000 } from './migrations/1770000000000-call-list-index';
import { SurveyTokenRecord } from './entities/survey-token.entity';

export const FEEDBACK_SCHEMA = 'feedback';
/** Columns holding sealed personal data: `npm run personal-data:rotate` re-encrypts them to the active key. */
export const FEEDBACK_SEALED_COLUMNS: readonly SealedColumns[] = [{ table: 'feedback.follow_ups', idColumn: 'case_id', columns: ['reporter_name', 'reporter_phone'] }];
export const feedbackEntities = [FollowUpRecord, SurveyTokenRecord, OutboxRecord, InboxRecord];
export const feedbackMigrations = [CreateFeedbackTables1764300000001, PersonalDataErasure1765100000000, RetentionOfEndedOrders1766100000000, ReviewFollowUpPolicySurveys1768200000000, CallListIndex1770000000000];

export function feedbackDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: FEEDBACK_SCHEMA,
      entities: feedbackEntities,
      migrations: feedbackMigrations,
      poolSize: 2,
      applicationName: 'hotline-feedback-migrate',
    }),
  );
}
