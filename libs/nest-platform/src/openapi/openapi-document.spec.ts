import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { validate } from '@readme/openapi-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ZodPipe } from '../errors/zod-body.pipe';
import { ApiContract, ApiExcluded, responseSchemaFor } from './api-contract.decorator';
import { buildOpenApiDocument, listHttpRoutes, undocumentedRoutes } from './openapi-document';
import { operationSecurity } from './route-access';

const bodySchema = z.object({ agencyId: z.string().min(1), note: z.string().optional() }).strict();
const querySchema = z.object({ limit: z.coerce.number().int().min(1).default(10), status: z.enum(['open', 'closed']).optional() }).strict();
const widgetSchema = responseSchemaFor<{ widgetId: string; count: number; seenAt: string | null }>()(
  z.object({ widgetId: z.uuid(), count: z.number().int(), seenAt: z.iso.datetime({ offset: true }).nullable() }),
);

@Controller('v1/widgets')
class WidgetsController {
  @ApiContract({ summary: 'List widgets', query: querySchema, response: z.object({ items: z.array(widgetSchema) }) })
  @Get()
  list(@Query(new ZodPipe(querySchema, 'query')) _query: unknown): { items: [] } {
    return { items: [] };
  }

  @ApiContract({ summary: 'Turn a widget', params: z.object({ widgetId: z.uuid() }), body: bodySchema, response: widgetSchema, errors: ['WIDGET.NOT_FOUND', 'WIDGET.CONFLICT'] })
  @Post(':widgetId/turn')
  @HttpCode(200)
  turn(@Param('widgetId') _widgetId: string, @Body(new ZodPipe(bodySchema)) _body: unknown): void {}

  @Post(':widgetId/untested')
  untested(): void {}

  @ApiExcluded()
  @Get('internal')
  internal(): void {}
}

@ApiExcluded()
@Controller()
class HiddenController {
  @Get('hidden')
  hidden(): void {}
}

const document = buildOpenApiDocument({ service: 'widgets', controllers: [WidgetsController, HiddenController] });
const turnOperation = document.paths['/v1/widgets/{widgetId}/turn']?.['post'] ?? {};
/** The value at a path of keys in the JSON document. */
const at = (value: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined), value);

describe('the OpenAPI document built from route metadata', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    await expect(validate(structuredClone(document) as never)).resolves.toMatchObject({ valid: true });
  });

  it('lists each documented route under its Nest path, with path parameters in OpenAPI form', () => {
    expect(Object.keys(document.paths)).toEqual(['/v1/widgets', '/v1/widgets/{widgetId}/turn']);
  });

  it('documents the query from the zod schema: defaults make a parameter optional', () => {
    expect(document.paths['/v1/widgets']?.['get']?.['parameters']).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 10, maximum: Number.MAX_SAFE_INTEGER } },
      { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'closed'] } },
    ]);
  });

  it('documents the body as the client sends it and the response as the route answers it', () => {
    expect(at(turnOperation, 'requestBody', 'content', 'application/json', 'schema')).toMatchObject({ required: ['agencyId'], additionalProperties: false });
    const success = at(turnOperation, 'responses', '200', 'content', 'application/json', 'schema');
    expect(success).toMatchObject({ properties: { widgetId: { type: 'string', format: 'uuid' }, seenAt: { anyOf: [{ format: 'date-time' }, { type: 'null' }] } } });
    expect(success).not.toHaveProperty('additionalProperties');
  });

  it('answers with the status of the route\'s @HttpCode', () => {
    expect(Object.keys(at(turnOperation, 'responses') as object)).toContain('200');
  });

  it('answers errors with the envelope, grouped by status, naming the codes', () => {
    const responses = at(turnOperation, 'responses');
    expect(at(responses, '400')).toEqual({ $ref: '#/components/responses/ValidationFailed' });
    expect(at(responses, '404', 'content', 'application/json', 'schema', 'allOf', 1, 'properties', 'error', 'properties', 'code', 'enum')).toEqual(['WIDGET.NOT_FOUND']);
    // With what the platform answers by itself on a POST: Idempotency-Key replays, rate limits, body size.
    expect(at(responses, '409', 'description')).toBe('Error: IDEMPOTENCY.CONFLICT, WIDGET.CONFLICT');
    expect(at(responses, '413', 'description')).toBe('Error: REQUEST.TOO_LARGE');
    expect(at(responses, '422', 'description')).toBe('Error: IDEMPOTENCY.MISMATCH');
    expect(at(responses, '429', 'description')).toBe('Error: RATE_LIMIT.EXCEEDED');
    expect(at(responses, '429', 'headers')).toHaveProperty('Retry-After');
    expect(at(responses, '503', 'description')).toBe('Error: IDEMPOTENCY.UNAVAILABLE, RATE_LIMIT.UNAVAILABLE, SERVICE.UNAVAILABLE');
    expect(document.components.schemas['ErrorEnvelope']).toMatchObject({ properties: { error: { required: ['code', 'message'] } } });
  });

  it('declares the API key and bearer schemes, and requires one of them (with no role named) of a route that declares no access, as the guard does', () => {
    expect(Object.keys(document.components.securitySchemes)).toEqual(['ApiKeyAuth', 'BearerAuth']);
    expect(document.paths['/v1/widgets']?.['get']).toHaveProperty('security', [{ ApiKeyAuth: [] }, { BearerAuth: [] }]);
    expect(document.paths['/v1/widgets']?.['get']).not.toHaveProperty('x-roles');
  });

  it('reports routes without a contract and leaves out excluded ones', () => {
    expect(undocumentedRoutes([WidgetsController, HiddenController])).toEqual(['POST /v1/widgets/{widgetId}/untested (WidgetsController.untested)']);
    expect(listHttpRoutes([WidgetsController, HiddenController]).map((route) => route.path)).not.toContain('/v1/widgets/internal');
  });
});

describe('route access in the document', () => {
  it('marks a public route with an empty security requirement', () => {
    expect(operationSecurity({ isPublic: true, roles: [] })).toEqual({ security: [] });
  });

  it('requires either scheme with the roles as scopes, and lists them in x-roles', () => {
    expect(operationSecurity({ isPublic: false, roles: ['unit', 'dispatcher'] })).toEqual({
      security: [{ ApiKeyAuth: ['dispatcher', 'unit'] }, { BearerAuth: ['dispatcher', 'unit'] }],
      'x-roles': ['dispatcher', 'unit'],
    });
  });
});

describe('a response schema checked against the route\'s return type', () => {
  it('does not compile when the schema and the type part ways', () => {
    // @ts-expect-error count is a number in the route's type
    const mismatch = responseSchemaFor<{ count: number }>()(z.object({ count: z.string() }));
    expect(mismatch).toBeDefined();
  });
});

// The committed documents (npm run contracts; npm test checks they match the code).
const API_DOCS = join(__dirname, '../../../../docs/api');
const committed = readdirSync(API_DOCS).filter((file) => file.endsWith('.openapi.json'));

describe('the committed OpenAPI documents', () => {
  it('exist for every service', () => {
    expect(committed.sort()).toEqual(['assessment', 'audit', 'classification', 'dispatch', 'execution', 'feedback', 'intake', 'supervision'].map((service) => `${service}.openapi.json`));
  });

  it.each(committed)('%s is a valid OpenAPI 3.1 document', async (file) => {
    const result = await validate(JSON.parse(readFileSync(join(API_DOCS, file), 'utf8')) as never);
    expect(result).toMatchObject({ valid: true });
  });
});
