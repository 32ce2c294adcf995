import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PlatformModule } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { ClassifyCaseConsumer } from './classify-case/classify-case.consumer';
import { ClassifyCaseHandler } from './classify-case/classify-case.handler';
import { KeywordRulesCache } from './classify-case/keyword-rules.cache';
import type { ClassificationConfig } from './config/classification-config';
import { GetClassificationController } from './get-classification/get-classification.controller';
import { GetClassificationHandler } from './get-classification/get-classification.handler';
import { CLASSIFICATION_SCHEMA, classificationEntities, classificationMigrations } from './infrastructure/database/data-source';
import { ListCategoriesController } from './list-categories/list-categories.controller';
import { ListCategoriesHandler } from './list-categories/list-categories.handler';

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
      controllers: [ClassifyCaseConsumer, ListCategoriesController, GetClassificationController],
      providers: [
        {
          provide: KeywordRulesCache,
          useFactory: (dataSource: DataSource) => new KeywordRulesCache(dataSource, config.KEYWORD_RULES_CACHE_TTL_MS),
          inject: [getDataSourceToken()],
        },
        ClassifyCaseHandler,
        ListCategoriesHandler,
        GetClassificationHandler,
      ],
    };
  }
}
