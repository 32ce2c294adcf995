import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { CaseRecord } from './entities/case.entity';
import { IdempotencyKeyRecord } from './entities/idempotency-key.entity';
import { CreateIntakeTables1764200000000 } from './migrations/1764200000000-create-intake-tables';

export const INTAKE_SCHEMA = 'intake';
export const intakeEntities = [CaseRecord, IdempotencyKeyRecord, OutboxRecord, InboxRecord];
export const intakeMigrations = [CreateIntakeTables1764200000000];

export function intakeDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: INTAKE_SCHEMA,
      entities: intakeEntities,
      migrations: intakeMigrations,
      poolSize: 2,
      applicationName: 'hotline-intake-migrate',
    }),
  );
}
