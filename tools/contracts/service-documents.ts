import { Logger as NestLogger, type DynamicModule } from '@nestjs/common';
import { buildOpenApiDocument, controllersOfModule, undocumentedRoutes, type OpenApiDocument } from '@hotline/nest-platform';
import { createLogger } from '@hotline/observability';
import { AppModule as AuditModule } from '../../services/audit/src/app.module';
import { loadAuditConfig } from '../../services/audit/src/config/audit-config';
import { AppModule as ClassificationModule } from '../../services/classification/src/app.module';
import { loadClassificationConfig } from '../../services/classification/src/config/classification-config';
import { AppModule as DispatchModule } from '../../services/dispatch/src/app.module';
import { loadDispatchConfig } from '../../services/dispatch/src/config/dispatch-config';
import { AppModule as ExecutionModule } from '../../services/execution/src/app.module';
import { loadExecutionConfig } from '../../services/execution/src/config/execution-config';
import { AppModule as FeedbackModule } from '../../services/feedback/src/app.module';
import { loadFeedbackConfig } from '../../services/feedback/src/config/feedback-config';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { loadIntakeConfig } from '../../services/intake/src/config/intake-config';
import { AppModule as AssessmentModule } from '../../services/assessment/src/app.module';
import { loadAssessmentConfig } from '../../services/assessment/src/config/assessment-config';
import { AppModule as SupervisionModule } from '../../services/supervision/src/app.module';
import { loadSupervisionConfig } from '../../services/supervision/src/config/supervision-config';

// Each service's module as its main.ts registers it, with default settings: only the module's
// metadata is read, so nothing connects to Postgres, Redis or Kafka.
const logger = createLogger('contracts', 'silent');
const NO_ENV = {};
const SERVICE_MODULES: ReadonlyArray<readonly [string, () => DynamicModule]> = [
  ['intake', () => IntakeModule.register(loadIntakeConfig(NO_ENV), logger)],
  ['classification', () => ClassificationModule.register(loadClassificationConfig(NO_ENV), logger)],
  ['dispatch', () => DispatchModule.register(loadDispatchConfig(NO_ENV), logger)],
  ['execution', () => ExecutionModule.register(loadExecutionConfig(NO_ENV), logger)],
  ['feedback', () => FeedbackModule.register(loadFeedbackConfig(NO_ENV), logger)],
  ['audit', () => AuditModule.register(loadAuditConfig(NO_ENV), logger)],
  ['supervision', () => SupervisionModule.register(loadSupervisionConfig(NO_ENV), logger)],
  ['assessment', () => AssessmentModule.register(loadAssessmentConfig(NO_ENV), logger)],
];

export interface ServiceDocument {
  service: string;
  document: OpenApiDocument;
  /** HTTP routes without an @ApiContract: the document would silently miss them. */
  undocumented: string[];
}

/** Every service's OpenAPI document, built as the service builds its /openapi.json. */
export function serviceOpenApiDocuments(): ServiceDocument[] {
  // Registering each module calls TypeOrmModule.forRoot, which warns when it sees the default name twice.
  NestLogger.overrideLogger(false);
  return SERVICE_MODULES.map(([service, register]) => {
    const controllers = controllersOfModule(register());
    return { service, document: buildOpenApiDocument({ service, controllers }), undocumented: undocumentedRoutes(controllers) };
  });
}
