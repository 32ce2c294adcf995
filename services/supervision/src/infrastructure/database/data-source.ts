import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { CaseFactsRecord } from './case-facts.repository';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { CreateSupervisionTables1767000000000 } from './migrations/1767000000000-create-supervision-tables';
import { SupervisionReferenceDataVersion1769300000000 } from './migrations/1769300000000-reference-data-version';
import { TimersOnClocks1769900000000 } from './migrations/1769900000000-timers-on-clocks';

export const SUPERVISION_SCHEMA = 'supervision';
export const supervisionEntities = [OutboxRecord, InboxRecord, CaseFactsRecord];
export const supervisionMigrations = [CreateSupervisionTables1767000000000, SupervisionReferenceDataVersion1769300000000, TimersOnClocks1769900000000];

export function supervisionDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: SUPERVISION_SCHEMA,
      entities: supervisionEntities,
      migrations: supervisionMigrations,
      poolSize: 2,
      applicationName: 'hotline-supervision-migrate',
    }),
  );
}
