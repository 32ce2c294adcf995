import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { CalendarOverridesController } from './calendar-overrides/calendar-overrides.controller';
import { CalendarOverridesHandler } from './calendar-overrides/calendar-overrides.handler';
import type { SupervisionConfig } from './config/supervision-config';
import { TIMER_SETTINGS, TimerWorker, type TimerSettings } from './fire-timers/timer.worker';
import { SUPERVISION_SCHEMA, supervisionEntities, supervisionMigrations } from './infrastructure/database/data-source';
import { ReadClocksController } from './read-clocks/read-clocks.controller';
import { ReadClocksHandler } from './read-clocks/read-clocks.handler';
import { CaseEventsConsumer } from './run-clocks/case-events.consumer';
import { RunClocksHandler } from './run-clocks/run-clocks.handler';
import { SupervisionReferenceCache } from './reference-data/reference-data.cache';
import { SlaProfilesController } from './sla-profiles/sla-profiles.controller';
import { SlaProfilesHandler } from './sla-profiles/sla-profiles.handler';

@Module({})
export class AppModule {
  static register(config: SupervisionConfig, logger: Logger): DynamicModule {
    const timerSettings: TimerSettings = {
      pollIntervalMs: config.TIMER_POLL_INTERVAL_MS,
      batchSize: config.TIMER_BATCH_SIZE,
      cityRegionCode: config.CITY_REGION_CODE,
    };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'supervision',
          schema: SUPERVISION_SCHEMA,
          config,
          logger,
          entities: supervisionEntities,
          migrations: supervisionMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [CaseEventsConsumer, SlaProfilesController, CalendarOverridesController, ReadClocksController],
      providers: [
        RunClocksHandler,
        TimerWorker,
        SlaProfilesHandler,
        CalendarOverridesHandler,
        ReadClocksHandler,
        { provide: TIMER_SETTINGS, useValue: timerSettings },
        { provide: SupervisionReferenceCache, useValue: new SupervisionReferenceCache(config.REFERENCE_DATA_CACHE_TTL_MS) },
      ],
    };
  }
}
