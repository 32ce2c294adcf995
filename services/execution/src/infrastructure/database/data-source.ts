import { DataSource } from 'typeorm';
import { InboxRecord, OutboxRecord } from '@hotline/messaging';
import { serviceDataSourceOptions } from '@hotline/persistence';
import type { SealedColumns } from '@hotline/personal-data';
import { AssignmentRecord } from './entities/assignment.entity';
import { ExtensionRequestRecord } from './entities/extension-request.entity';
import { CreateExecutionTables1764300000000 } from './migrations/1764300000000-create-execution-tables';
import { CreateWebhookTables1764400000000 } from './migrations/1764400000000-create-webhook-tables';
import { CreateExtensionRequests1766400000000 } from './migrations/1766400000000-create-extension-requests';
import { CoHandlersInQueues1767100000000 } from './migrations/1767100000000-co-handlers-in-queues';
import { CoHandlingAndWhistles1767300000000 } from './migrations/1767300000000-co-handling-and-whistles';
import { CreateAppeals1767410000000 } from './migrations/1767410000000-create-appeals';
import { WebhookSubscriptionsVersion1769600000000 } from './migrations/1769600000000-webhook-subscriptions-version';
import { PartialQueueIndexes1769800000000 } from './migrations/1769800000000-partial-queue-indexes';
import { WEBHOOK_SECRET_COLUMNS } from './webhook-secret';

export const EXECUTION_SCHEMA = 'execution';
export const executionEntities = [AssignmentRecord, ExtensionRequestRecord, OutboxRecord, InboxRecord];
export const executionMigrations = [
  CreateExecutionTables1764300000000,
  CreateWebhookTables1764400000000,
  CreateExtensionRequests1766400000000,
  CoHandlersInQueues1767100000000,
  CoHandlingAndWhistles1767300000000,
  CreateAppeals1767410000000,
  WebhookSubscriptionsVersion1769600000000,
  PartialQueueIndexes1769800000000,
];
/** Re-encrypted by `npm run personal-data:rotate`. */
export const EXECUTION_SEALED_COLUMNS: readonly SealedColumns[] = [WEBHOOK_SECRET_COLUMNS];

export function executionDataSource(url: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema: EXECUTION_SCHEMA,
      entities: executionEntities,
      migrations: executionMigrations,
      poolSize: 2,
      applicationName: 'hotline-execution-migrate',
    }),
  );
}
