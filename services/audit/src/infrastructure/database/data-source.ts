import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { CaseEventRecord } from './entities/case-event.entity';
import { CaseViewRecord } from './entities/case-view.entity';
import { CreateAuditTables1764600000000 } from './migrations/1764600000000-create-audit-tables';
import { CaseViewStreet1765000000001 } from './migrations/1765000000001-case-view-street';
import { PersonalDataErasure1765100000000 } from './migrations/1765100000000-personal-data-erasure';
import { CaseViewChainHead1767000000000 } from './migrations/1767000000000-case-view-chain-head';
import { CaseViewMergedInto1767400000000 } from './migrations/1767400000000-case-view-merged-into';

export const AUDIT_SCHEMA = 'audit';
export const auditEntities = [CaseEventRecord, CaseViewRecord, OutboxRecord, InboxRecord];
export const auditMigrations = [
  CreateAuditTables1764600000000,
  CaseViewStreet1765000000001,
  PersonalDataErasure1765100000000,
  CaseViewChainHead1767000000000,
  CaseViewMergedInto1767400000000,
];

export function auditDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: AUDIT_SCHEMA,
      entities: auditEntities,
      migrations: auditMigrations,
      poolSize: 2,
      applicationName: 'hotline-audit-migrate',
    }),
  );
}
