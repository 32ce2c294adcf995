import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { CaseViewFinder } from './case-reference/case-view.finder';
import type { AuditConfig } from './config/audit-config';
import { GetCaseTimelineController } from './get-case-timeline/get-case-timeline.controller';
import { GetCaseTimelineHandler } from './get-case-timeline/get-case-timeline.handler';
import { GetCaseViewController } from './get-case-view/get-case-view.controller';
import { AUDIT_SCHEMA, auditEntities, auditMigrations } from './infrastructure/database/data-source';
import { RecordCaseEventConsumer } from './record-case-event/record-case-event.consumer';
import { RecordCaseEventHandler } from './record-case-event/record-case-event.handler';
import { VerifyCaseChainController } from './verify-case-chain/verify-case-chain.controller';
import { VerifyCaseChainHandler } from './verify-case-chain/verify-case-chain.handler';

@Module({})
export class AppModule {
  static register(config: AuditConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'audit',
          schema: AUDIT_SCHEMA,
          config,
          logger,
          entities: auditEntities,
          migrations: auditMigrations,
          isPublisher: false,
        }),
      ],
      // Sub-paths (timeline, verify) before the bare lookup, so routes read in the order they match.
      controllers: [GetCaseTimelineController, VerifyCaseChainController, GetCaseViewController, RecordCaseEventConsumer],
      providers: [CaseViewFinder, GetCaseTimelineHandler, VerifyCaseChainHandler, RecordCaseEventHandler],
    };
  }
}
