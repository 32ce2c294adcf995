import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import { PersonalDataCipher, personalDataCipherFrom } from '@hotline/personal-data';
import type { Logger } from '@hotline/observability';
import { AppealCaseController } from './appeal-case/appeal-case.controller';
import { AppealCaseHandler } from './appeal-case/appeal-case.handler';
import { AppealDecidedConsumer } from './appeal-case/appeal-decided.consumer';
import { FollowAppealDecisionHandler } from './appeal-case/follow-appeal-decision.handler';
import { AssignCaseWhenDispatchedHandler } from './assign-case/assign-case-when-dispatched.handler';
import { CaseDispatchedConsumer } from './assign-case/case-dispatched.consumer';
import type { ExecutionConfig } from './config/execution-config';
import { CaseStatusConsumer } from './follow-case-status/case-status.consumer';
import { FollowCaseStatusHandler } from './follow-case-status/follow-case-status.handler';
import { EXECUTION_SCHEMA, executionEntities, executionMigrations } from './infrastructure/database/data-source';
import { ListAgencyCasesController } from './list-agency-cases/list-agency-cases.controller';
import { ListAgencyCasesHandler } from './list-agency-cases/list-agency-cases.handler';
import { UNIT_REQUEST_LIMITS, unitRequestLimitsFrom } from './config/unit-request-limits';
import { RequestExtensionController } from './request-extension/request-extension.controller';
import { RequestExtensionHandler } from './request-extension/request-extension.handler';
import { ReturnCaseController } from './return-case/return-case.controller';
import { ReturnCaseHandler } from './return-case/return-case.handler';
import { SignCaseController } from './sign-case/sign-case.controller';
import { SignCaseHandler } from './sign-case/sign-case.handler';
import { SubmitFeedbackController } from './submit-feedback/submit-feedback.controller';
import { SubmitFeedbackHandler } from './submit-feedback/submit-feedback.handler';
import { SealClearWebhookSecrets } from './deliver-webhooks/seal-clear-webhook-secrets';
import { WebhookDeliveryWorker } from './deliver-webhooks/webhook-delivery.worker';
import { WEBHOOK_SETTINGS, webhookSettingsFrom } from './deliver-webhooks/webhook-settings';
import { RegisterWebhookController } from './register-webhook/register-webhook.controller';
import { RegisterWebhookHandler } from './register-webhook/register-webhook.handler';
import { WebhookDeadLettersController } from './webhook-dead-letters/webhook-dead-letters.controller';
import { WebhookDeadLettersHandler } from './webhook-dead-letters/webhook-dead-letters.handler';
import { CoHandlerReportController } from './co-handling/co-handler-report.controller';
import { CoHandlerReportHandler } from './co-handling/co-handler-report.handler';
import { WhistleController } from './whistle/whistle.controller';
import { WhistleHandler } from './whistle/whistle.handler';
import { WHISTLE_SETTINGS, WhistleSweepWorker } from './whistle/whistle-sweep.worker';

@Module({})
export class AppModule {
  static register(config: ExecutionConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'execution',
          schema: EXECUTION_SCHEMA,
          config,
          logger,
          entities: executionEntities,
          migrations: executionMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [
        CaseDispatchedConsumer,
        CaseStatusConsumer,
        ListAgencyCasesController,
        SignCaseController,
        SubmitFeedbackController,
        ReturnCaseController,
        RequestExtensionController,
        RegisterWebhookController,
        WebhookDeadLettersController,
        CoHandlerReportController,
        WhistleController,
        AppealCaseController,
        AppealDecidedConsumer,
      ],
      providers: [
        AssignCaseWhenDispatchedHandler,
        FollowCaseStatusHandler,
        ListAgencyCasesHandler,
        SignCaseHandler,
        SubmitFeedbackHandler,
        ReturnCaseHandler,
        RequestExtensionHandler,
        RegisterWebhookHandler,
        WebhookDeadLettersHandler,
        SealClearWebhookSecrets,
        WebhookDeliveryWorker,
        CoHandlerReportHandler,
        WhistleHandler,
        WhistleSweepWorker,
        AppealCaseHandler,
        FollowAppealDecisionHandler,
        { provide: WHISTLE_SETTINGS, useValue: { sweepIntervalMs: config.WHISTLE_SWEEP_INTERVAL_MS, batchSize: 100 } },
        { provide: PersonalDataCipher, useValue: personalDataCipherFrom(config) },
        { provide: WEBHOOK_SETTINGS, useValue: webhookSettingsFrom(config) },
        { provide: UNIT_REQUEST_LIMITS, useValue: unitRequestLimitsFrom(config) },
      ],
    };
  }
}
