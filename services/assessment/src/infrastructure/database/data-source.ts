import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { CreateAssessmentTables1767200000000 } from './migrations/1767200000000-create-assessment-tables';
import { WithdrawnHandlings1769300000000 } from './migrations/1769300000000-withdrawn-handlings';

export const ASSESSMENT_SCHEMA = 'assessment';
export const assessmentEntities = [OutboxRecord, InboxRecord];
export const assessmentMigrations = [CreateAssessmentTables1767200000000, WithdrawnHandlings1769300000000];

export function assessmentDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: ASSESSMENT_SCHEMA,
      entities: assessmentEntities,
      migrations: assessmentMigrations,
      poolSize: 2,
      applicationName: 'hotline-assessment-migrate',
    }),
  );
}
