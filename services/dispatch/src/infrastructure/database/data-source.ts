import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { AgencyRecord } from './entities/agency.entity';
import { CaseStateRecord } from './entities/case-state.entity';
import { DispatchRecord } from './entities/dispatch.entity';
import { DisputeRecord } from './entities/dispute.entity';
import { ExtensionRequestRecord } from './entities/extension-request.entity';
import { ManualDispatchRecord } from './entities/manual-dispatch.entity';
import { CaseRequestRecord } from './entities/case-request.entity';
import { CatalogueRuleRecord } from './entities/catalogue-rule.entity';
import { CatalogueRecord } from './entities/catalogue.entity';
import { CategoryRecord } from './entities/category.entity';
import { SlaProfileRecord } from './entities/sla-profile.entity';
import { CreateDispatchTables1764300100000 } from './migrations/1764300100000-create-dispatch-tables';
import { ReferenceDataVersion1764900000000 } from './migrations/1764900000000-reference-data-version';
import { CreateDisputeAndExtensionTables1766400000000 } from './migrations/1766400000000-create-dispute-and-extension-tables';
import { CatalogueVersions1767100000000 } from './migrations/1767100000000-catalogue-versions';
import { ReopenToDispatcher1768200000000 } from './migrations/1768200000000-reopen-to-dispatcher';
import { ComponentRouting1768300000000 } from './migrations/1768300000000-component-routing';
import { PossibleDuplicates1769000000000 } from './migrations/1769000000000-possible-duplicates';
import { CityVersions1769100000000 } from './migrations/1769100000000-city-versions';
import { PossibleDuplicateMerges1769300000000 } from './migrations/1769300000000-possible-duplicate-merges';

export const DISPATCH_SCHEMA = 'dispatch';
export const dispatchEntities = [
  AgencyRecord,
  CatalogueRecord,
  CatalogueRuleRecord,
  CategoryRecord,
  CaseRequestRecord,
  SlaProfileRecord,
  CaseStateRecord,
  DispatchRecord,
  ManualDispatchRecord,
  DisputeRecord,
  ExtensionRequestRecord,
  OutboxRecord,
  InboxRecord,
];
export const dispatchMigrations = [
  CreateDispatchTables1764300100000,
  ReferenceDataVersion1764900000000,
  CreateDisputeAndExtensionTables1766400000000,
  CatalogueVersions1767100000000,
  ReopenToDispatcher1768200000000,
  ComponentRouting1768300000000,
  PossibleDuplicates1769000000000,
  CityVersions1769100000000,
  PossibleDuplicateMerges1769300000000,
];

export function dispatchDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: DISPATCH_SCHEMA,
      entities: dispatchEntities,
      migrations: dispatchMigrations,
      poolSize: 2,
      applicationName: 'hotline-dispatch-migrate',
    }),
  );
}

