import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { BrowseAgenciesController } from './browse-agencies/browse-agencies.controller';
import { BrowseAgenciesHandler } from './browse-agencies/browse-agencies.handler';
import { BrowseCataloguesController } from './browse-catalogues/browse-catalogues.controller';
import { BrowseCataloguesHandler } from './browse-catalogues/browse-catalogues.handler';
import type { DispatchConfig } from './config/dispatch-config';
import { ConfirmDuplicateMergeController } from './confirm-duplicate-merge/confirm-duplicate-merge.controller';
import { ConfirmDuplicateMergeHandler } from './confirm-duplicate-merge/confirm-duplicate-merge.handler';
import { DecideDisputeController } from './decide-dispute/decide-dispute.controller';
import { DecideDisputeHandler } from './decide-dispute/decide-dispute.handler';
import { DecideExtensionController } from './decide-extension/decide-extension.controller';
import { DecideExtensionHandler } from './decide-extension/decide-extension.handler';
import { ListDisputesController } from './list-disputes/list-disputes.controller';
import { ListDisputesHandler } from './list-disputes/list-disputes.handler';
import { ListExtensionsController } from './list-extensions/list-extensions.controller';
import { ListExtensionsHandler } from './list-extensions/list-extensions.handler';
import { DISPUTE_REVIEW_SETTINGS, disputeReviewSettingsFrom } from './open-dispute-when-returned/dispute-review-settings';
import { OpenDisputeWhenReturnedConsumer } from './open-dispute-when-returned/open-dispute-when-returned.consumer';
import { OpenDisputeWhenReturnedHandler } from './open-dispute-when-returned/open-dispute-when-returned.handler';
import { OpenExtensionReviewWhenRequestedConsumer } from './open-extension-review-when-requested/open-extension-review-when-requested.consumer';
import { OpenExtensionReviewWhenRequestedHandler } from './open-extension-review-when-requested/open-extension-review-when-requested.handler';
import { CreateCatalogueDraftController } from './create-catalogue-draft/create-catalogue-draft.controller';
import { CreateCatalogueDraftHandler } from './create-catalogue-draft/create-catalogue-draft.handler';
import { DispatchManuallyController } from './dispatch-manually/dispatch-manually.controller';
import { DispatchManuallyHandler } from './dispatch-manually/dispatch-manually.handler';
import { DispatchAgainWhenReopenedConsumer } from './dispatch-again-when-reopened/dispatch-again-when-reopened.consumer';
import { DispatchAgainWhenReopenedHandler } from './dispatch-again-when-reopened/dispatch-again-when-reopened.handler';
import { SlaPolicy } from './dispatch-round/sla-policy';
import { DispatchWhenClassifiedConsumer } from './dispatch-when-classified/dispatch-when-classified.consumer';
import { DispatchWhenClassifiedHandler } from './dispatch-when-classified/dispatch-when-classified.handler';
import { ROUTING_SETTINGS, routingSettingsFrom } from './dispatch-when-classified/routing-settings';
import { GetDispatchesController } from './get-dispatches/get-dispatches.controller';
import { GetDispatchesHandler } from './get-dispatches/get-dispatches.handler';
import { DISPATCH_SCHEMA, dispatchEntities, dispatchMigrations } from './infrastructure/database/data-source';
import { ListManualDispatchQueueController } from './list-manual-dispatch-queue/list-manual-dispatch-queue.controller';
import { ListManualDispatchQueueHandler } from './list-manual-dispatch-queue/list-manual-dispatch-queue.handler';
import { ReviewPossibleDuplicatesController } from './review-possible-duplicates/review-possible-duplicates.controller';
import { ReviewPossibleDuplicatesHandler } from './review-possible-duplicates/review-possible-duplicates.handler';
import { PublishCatalogueController } from './publish-catalogue/publish-catalogue.controller';
import { PublishCatalogueHandler } from './publish-catalogue/publish-catalogue.handler';
import { ReferenceDataCache } from './reference-data/reference-data.cache';
import { RememberRequestWhenReceivedConsumer } from './remember-request-when-received/remember-request-when-received.consumer';
import { RememberRequestWhenReceivedHandler } from './remember-request-when-received/remember-request-when-received.handler';
import { TrackCaseStatusConsumer } from './track-case-status/track-case-status.consumer';
import { TrackCaseStatusHandler } from './track-case-status/track-case-status.handler';

@Module({})
export class AppModule {
  static register(config: DispatchConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'dispatch',
          schema: DISPATCH_SCHEMA,
          config,
          logger,
          entities: dispatchEntities,
          migrations: dispatchMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [
        DispatchWhenClassifiedConsumer,
        DispatchAgainWhenReopenedConsumer,
        TrackCaseStatusConsumer,
        BrowseAgenciesController,
        GetDispatchesController,
        ListManualDispatchQueueController,
        ReviewPossibleDuplicatesController,
        ConfirmDuplicateMergeController,
        // 退单 / 派单异议 and 延期 (issue 7 §2, §5)
        OpenDisputeWhenReturnedConsumer,
        OpenExtensionReviewWhenRequestedConsumer,
        ListDisputesController,
        DecideDisputeController,
        ListExtensionsController,
        DecideExtensionController,
        RememberRequestWhenReceivedConsumer,
        BrowseCataloguesController,
        CreateCatalogueDraftController,
        PublishCatalogueController,
        DispatchManuallyController,
      ],
      providers: [
        { provide: SlaPolicy, useValue: new SlaPolicy(config.SLA_PROFILE_ID) },
        { provide: ReferenceDataCache, useValue: new ReferenceDataCache(config.REFERENCE_DATA_CACHE_TTL_MS) },
        DispatchWhenClassifiedHandler,
        DispatchAgainWhenReopenedHandler,
        TrackCaseStatusHandler,
        BrowseAgenciesHandler,
        GetDispatchesHandler,
        ListManualDispatchQueueHandler,
        ReviewPossibleDuplicatesHandler,
        ConfirmDuplicateMergeHandler,
        { provide: DISPUTE_REVIEW_SETTINGS, useValue: disputeReviewSettingsFrom(config) },
        OpenDisputeWhenReturnedHandler,
        OpenExtensionReviewWhenRequestedHandler,
        ListDisputesHandler,
        DecideDisputeHandler,
        ListExtensionsHandler,
        DecideExtensionHandler,
        { provide: ROUTING_SETTINGS, useValue: routingSettingsFrom(config) },
        RememberRequestWhenReceivedHandler,
        BrowseCataloguesHandler,
        CreateCatalogueDraftHandler,
        PublishCatalogueHandler,
        DispatchManuallyHandler,
      ],
    };
  }
}
