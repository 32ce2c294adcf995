import { Controller, Get, Header, Inject, Param, Res, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Response } from 'express';
import { dirname, join } from 'node:path';
import { Public } from '@hotline/access';
import { AppError } from '../errors/app-error';
import type { PlatformOptions } from '../runtime/platform-options';
import { PLATFORM_OPTIONS } from '../runtime/tokens';
import { ApiExcluded } from './api-contract.decorator';
import { buildOpenApiDocument, serializeOpenApiDocument } from './openapi-document';

// Served from the package itself: the page works offline, with no CDN.
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const docsPage = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });</script>
</body>
</html>
`;

/** The service's OpenAPI document at /openapi.json and an interactive page (Swagger UI) at /docs. */
@ApiExcluded()
@Public()
@Controller()
export class OpenApiController {
  private document: string | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
  ) {}

  @Get('openapi.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  openApi(): string {
    this.document ??= serializeOpenApiDocument(
      buildOpenApiDocument({
        service: this.options.service,
        controllers: this.discovery
          .getControllers()
          .map((wrapper) => wrapper.metatype)
          .filter((metatype): metatype is Type => typeof metatype === 'function'),
      }),
    );
    return this.document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  docs(): string {
    return docsPage(`hotline ${this.options.service} API`);
  }

  @Get('docs/:asset')
  @Header('Cache-Control', 'public, max-age=86400')
  asset(@Param('asset') asset: string, @Res() response: Response): void {
    if (!SWAGGER_UI_ASSETS.has(asset)) throw new AppError('ROUTE.NOT_FOUND', `no documentation asset ${asset}`);
    response.sendFile(join(SWAGGER_UI_DIR, asset));
  }
}
