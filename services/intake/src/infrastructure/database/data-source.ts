import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import type { SealedColumns } from '@hotline/personal-data';
import { CaseRecord } from './entities/case.entity';
import { IdempotencyKeyRecord } from './entities/idempotency-key.entity';
import { open311Entities } from './entities/open311.entities';
import { CreateIntakeTables1764200000000 } from './migrations/1764200000000-create-intake-tables';
import { CreateAccessTables1765000000000 } from './migrations/1765000000000-create-access-tables';
import { CreateOpen311Tables1766000000000 } from './migrations/1766000000000-create-open311-tables';
import { CreateGridReports1767400000000 } from './migrations/1767400000000-create-grid-reports';
import { Open311MergedInto1769000000000 } from './migrations/1769000000000-open311-merged-into';
import { CasePositionDatum1769200000000 } from './migrations/1769200000000-case-position-datum';
import { PersonalDataErasure1765100000000 } from './migrations/1765100000000-personal-data-erasure';
import { seedDemoPrincipals } from './seed-demo-principals';

export const INTAKE_SCHEMA = 'intake';
/** Columns holding sealed personal data: `npm run personal-data:rotate` re-encrypts them to the active key. */
export const INTAKE_SEALED_COLUMNS: readonly SealedColumns[] = [{ table: 'intake.cases', idColumn: 'case_id', columns: ['reporter_name', 'reporter_phone'] }];
export const intakeEntities = [CaseRecord, IdempotencyKeyRecord, ...open311Entities, OutboxRecord, InboxRecord];
export const intakeMigrations = [CreateIntakeTables1764200000000, CreateAccessTables1765000000000, PersonalDataErasure1765100000000, CreateOpen311Tables1766000000000, CreateGridReports1767400000000, Open311MergedInto1769000000000, CasePositionDatum1769200000000];

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

/** The demo principals: one per role, an operator per unit of the imported city, a hotline client with an API key. */
export function seedIntake(dataSource: DataSource, unitIds: readonly string[]): Promise<string> {
  return seedDemoPrincipals(dataSource, unitIds);
}
