import { RequestMethod, type MiddlewareConsumer } from '@nestjs/common';
import { MultipartFormMiddleware } from './multipart-form.middleware';
import { Open311Catalogue } from './open311-catalogue';
import { Open311DiscoveryController } from './open311-discovery.controller';
import { Open311ErrorFilter } from './open311-error.filter';
import { Open311RequestsController } from './open311-requests.controller';
import { Open311RequestsReader } from './open311-requests.reader';
import { Open311NotFoundController, Open311UpdatesController } from './open311-updates.controller';
import { ProjectCaseEventConsumer } from './project-case-event/project-case-event.consumer';
import { ProjectCaseEventHandler } from './project-case-event/project-case-event.handler';

// Open311 GeoReport v2 at /open311/v2/ and the projection of case events behind it. Part of intake's
// module, not a module of its own: its POST shares intake's admission queue and case handler.
// The catch-all 404 comes last, after every other route of the service.
export const OPEN311_CONTROLLERS = [Open311DiscoveryController, Open311RequestsController, Open311UpdatesController, ProjectCaseEventConsumer];
export const OPEN311_FALLBACK_CONTROLLERS = [Open311NotFoundController];
export const OPEN311_PROVIDERS = [Open311Catalogue, Open311RequestsReader, Open311ErrorFilter, ProjectCaseEventHandler, MultipartFormMiddleware];

/** Multipart bodies are parsed before the access guard, so that their `api_key` field authenticates. */
export function configureOpen311Middleware(consumer: MiddlewareConsumer): void {
  consumer.apply(MultipartFormMiddleware).forRoutes({ path: 'open311/v2/*path', method: RequestMethod.POST });
}
