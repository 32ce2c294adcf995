import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { CloseMonthHandler } from './close-month/close-month.handler';
import type { AssessmentConfig } from './config/assessment-config';
import { AppealsController } from './decide-appeal/appeals.controller';
import { DecideAppealHandler } from './decide-appeal/decide-appeal.handler';
import { HotspotsController } from './hotspots/hotspots.controller';
import { HotspotsHandler } from './hotspots/hotspots.handler';
import { ASSESSMENT_SCHEMA, assessmentEntities, assessmentMigrations } from './infrastructure/database/data-source';
import { MonthlyReportHandler } from './monthly-report/monthly-report.handler';
import { AssessmentReader } from './read-assessments/assessment-reader';
import { ASSESSMENT_SETTINGS, assessmentSettingsFrom } from './read-assessments/assessment-settings';
import { AssessmentsController } from './read-assessments/assessments.controller';
import { CaseEventsConsumer } from './record-case-facts/case-events.consumer';
import { FACT_SETTINGS } from './record-case-facts/fact-settings';
import { RecordCaseFactsHandler } from './record-case-facts/record-case-facts.handler';
import { TopicsController } from './topics/topics.controller';
import { TopicsHandler } from './topics/topics.handler';

@Module({})
export class AppModule {
  static register(config: AssessmentConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'assessment',
          schema: ASSESSMENT_SCHEMA,
          config,
          logger,
          entities: assessmentEntities,
          migrations: assessmentMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [CaseEventsConsumer, AppealsController, AssessmentsController, HotspotsController, TopicsController],
      providers: [
        RecordCaseFactsHandler,
        DecideAppealHandler,
        AssessmentReader,
        CloseMonthHandler,
        MonthlyReportHandler,
        HotspotsHandler,
        TopicsHandler,
        { provide: ASSESSMENT_SETTINGS, useValue: assessmentSettingsFrom(config) },
        { provide: FACT_SETTINGS, useValue: { monthUtcOffsetMinutes: config.MONTH_UTC_OFFSET_MINUTES } },
      ],
    };
  }
}
