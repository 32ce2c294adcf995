import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { ClassificationRecord } from './entities/classification.entity';
import { KeywordRuleRecord } from './entities/keyword-rule.entity';
import { CreateClassificationTables1764300000000 } from './migrations/1764300000000-create-classification-tables';
import { CreateKnowledgeAndTriageTables1767400000000 } from './migrations/1767400000000-create-knowledge-and-triage-tables';
import { CreateClassifierModelTables1768000000000 } from './migrations/1768000000000-create-classifier-model-tables';
import { CreateGeographyTables1768300000000 } from './migrations/1768300000000-create-geography-tables';
import { DuplicateSearchByPlace1769000000000 } from './migrations/1769000000000-duplicate-search-by-place';
import { ClassificationPlace1769200000000 } from './migrations/1769200000000-classification-place';

export const CLASSIFICATION_SCHEMA = 'classification';
export const classificationEntities = [KeywordRuleRecord, ClassificationRecord, OutboxRecord, InboxRecord];
export const classificationMigrations = [
  CreateClassificationTables1764300000000,
  CreateKnowledgeAndTriageTables1767400000000,
  CreateClassifierModelTables1768000000000,
  CreateGeographyTables1768300000000,
  DuplicateSearchByPlace1769000000000,
  ClassificationPlace1769200000000,
];

export function classificationDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: CLASSIFICATION_SCHEMA,
      entities: classificationEntities,
      migrations: classificationMigrations,
      poolSize: 2,
      applicationName: 'hotline-classification-migrate',
    }),
  );
}

