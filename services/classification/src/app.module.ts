import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { ClassifyCaseConsumer } from './classify-case/classify-case.consumer';
import { ClassifyCaseHandler } from './classify-case/classify-case.handler';
import { DuplicateSettingsCache } from './classify-case/duplicate-settings.cache';
import { KeywordRulesCache } from './classify-case/keyword-rules.cache';
import { CLASSIFIER_POLICY, type ClassifierPolicy } from './classify-case/classifier-policy';
import { ClassifierModelCache } from './classifier-models/classifier-model.cache';
import { RecordCorrectionConsumer } from './record-correction/record-correction.consumer';
import type { ClassificationConfig } from './config/classification-config';
import { GetClassificationController } from './get-classification/get-classification.controller';
import { GetClassificationHandler } from './get-classification/get-classification.handler';
import { CLASSIFICATION_SCHEMA, classificationEntities, classificationMigrations } from './infrastructure/database/data-source';
import { ListCategoriesController } from './list-categories/list-categories.controller';
import { ListCategoriesHandler } from './list-categories/list-categories.handler';
import { KNOWLEDGE_SEGMENTER, KnowledgeBase } from './knowledge/knowledge-base';
import { KnowledgeController } from './knowledge/knowledge.controller';
import { TRIAGE_POLICY, type TriagePolicy } from './classify-case/triage-policy';
import { GazetteerCache } from './geography/gazetteer';
import { PLACE_SETTINGS, PlaceResolver, type PlaceSettings } from './geography/place-resolver';
import { TrackOpenCasesConsumer } from './track-open-cases/track-open-cases.consumer';

@Module({})
export class AppModule {
  static register(config: ClassificationConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'classification',
          schema: CLASSIFICATION_SCHEMA,
          config,
          logger,
          entities: classificationEntities,
          migrations: classificationMigrations,
          isPublisher: true,
        }),
      ],
      controllers: [ClassifyCaseConsumer, TrackOpenCasesConsumer, RecordCorrectionConsumer, ListCategoriesController, GetClassificationController, KnowledgeController],
      providers: [
        {
          provide: KeywordRulesCache,
          useFactory: (dataSource: DataSource) => new KeywordRulesCache(dataSource, config.KEYWORD_RULES_CACHE_TTL_MS),
          inject: [getDataSourceToken()],
        },
        {
          provide: ClassifierModelCache,
          useFactory: (dataSource: DataSource) => new ClassifierModelCache(dataSource, config.CLASSIFIER_MODEL_CHECK_MS),
          inject: [getDataSourceToken()],
        },
        { provide: CLASSIFIER_POLICY, useValue: { minConfidence: config.CLASSIFIER_MIN_CONFIDENCE } satisfies ClassifierPolicy },
        { provide: KNOWLEDGE_SEGMENTER, useValue: config.KNOWLEDGE_SEGMENTER },
        {
          provide: TRIAGE_POLICY,
          useValue: {
            answerMinCoverage: config.KNOWLEDGE_ANSWER_MIN_COVERAGE,
            answerMinTerms: config.KNOWLEDGE_ANSWER_MIN_TERMS,
            repeat: { windowHours: config.MERGE_WINDOW_HOURS, radiusMetres: config.MERGE_RADIUS_METRES },
            duplicateThresholds: { merge: config.MERGE_THRESHOLD, flag: config.MERGE_FLAG_THRESHOLD },
            maxDuplicateCandidates: config.MERGE_MAX_CANDIDATES,
          } satisfies TriagePolicy,
        },
        {
          provide: DuplicateSettingsCache,
          useFactory: (dataSource: DataSource) => new DuplicateSettingsCache(dataSource, config.DUPLICATE_SETTINGS_CHECK_MS),
          inject: [getDataSourceToken()],
        },
        {
          provide: GazetteerCache,
          useFactory: (dataSource: DataSource) => new GazetteerCache(dataSource, config.GAZETTEER_CHECK_MS),
          inject: [getDataSourceToken()],
        },
        { provide: PLACE_SETTINGS, useValue: { componentToleranceM: config.COMPONENT_TOLERANCE_M } satisfies PlaceSettings },
        PlaceResolver,
        KnowledgeBase,
        ClassifyCaseHandler,
        ListCategoriesHandler,
        GetClassificationHandler,
      ],
    };
  }
}
