import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { httpStatusFor } from '../errors/app-error';
import { API_CONTRACT_METADATA, API_EXCLUDED_METADATA, type ApiContractOptions } from './api-contract.decorator';
import { OWN_IDEMPOTENCY_METADATA } from '../limits/idempotency.interceptor';
import { SERVER_ERROR_CODES, VALIDATION_ERROR_CODES, errorEnvelopeSchema } from './error-envelope.schema';
import { SECURITY_SCHEMES, operationSecurity, readRouteAccess } from './route-access';

export type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, Operation>; securitySchemes: typeof SECURITY_SCHEMES };
}

export interface HttpRoute {
  controller: Type;
  methodName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  handler: Function;
  httpMethod: string;
  /** OpenAPI form: `/v1/cases/{caseId}`. */
  path: string;
  contract: ApiContractOptions | undefined;
}

export const OPENAPI_VERSION = '3.1.1';
/** The version of the services' native API (the `/v1` of their paths). */
export const API_VERSION = '1.0.0';

const HTTP_METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.OPTIONS]: 'options',
  [RequestMethod.HEAD]: 'head',
};
const METHOD_ORDER = Object.values(HTTP_METHODS);
// Formats that say it all: zod's generated regular expressions only add noise to the document.
const SELF_DESCRIBING_FORMATS = new Set(['date-time', 'uuid', 'email', 'date']);
const ERROR_ENVELOPE_REF = { $ref: '#/components/schemas/ErrorEnvelope' };

// Nest stores a route's path as a string or a list of strings; `@Controller()` stores none.
const asPaths = (value: unknown): string[] => (Array.isArray(value) ? value.filter((path): path is string => typeof path === 'string') : [typeof value === 'string' ? value : '']);

function openApiPath(...segments: string[]): string {
  const joined = segments.flatMap((segment) => segment.split('/')).filter((part) => part.length > 0);
  // A parameter may share its segment with literal text: `services/:code.:format` → `services/{code}.{format}`.
  return `/${joined.map((part) => part.replace(/:(\w+)/g, '{$1}')).join('/')}`;
}

/** Every HTTP route of the controllers, read from Nest's route metadata, in a stable order. */
export function listHttpRoutes(controllers: readonly Type[]): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const controller of controllers) {
    if (Reflect.getMetadata(API_EXCLUDED_METADATA, controller) === true) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const methodName of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[methodName];
      if (methodName === 'constructor' || typeof handler !== 'function') continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      const httpMethod = requestMethod === undefined ? undefined : HTTP_METHODS[requestMethod];
      if (!httpMethod || methodPath === undefined || Reflect.getMetadata(API_EXCLUDED_METADATA, handler) === true) continue;
      const contract = Reflect.getMetadata(API_CONTRACT_METADATA, handler) as ApiContractOptions | undefined;
      for (const controllerPath of asPaths(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const path of asPaths(methodPath)) {
          routes.push({ controller, methodName, handler, httpMethod, path: openApiPath(controllerPath, path), contract });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.httpMethod) - METHOD_ORDER.indexOf(b.httpMethod));
}

/** A zod schema as a JSON Schema (draft 2020-12, OpenAPI 3.1's dialect): the input side for requests, the output side for responses. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema: node }) => {
      if (typeof node.format === 'string' && SELF_DESCRIBING_FORMATS.has(node.format)) delete node.pattern;
      // A response may gain fields without a new API version: clients must not refuse unknown ones.
      if (io === 'output' && node.additionalProperties === false) delete node.additionalProperties;
    },
  }) as JsonSchema;
  return jsonSchema;
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query' | 'header'): Operation[] {
  if (!schema) return [];
  const objectSchema = jsonSchemaOf(schema, 'input');
  const properties = (objectSchema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((objectSchema['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
}

function successStatusOf(route: HttpRoute): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, route.handler) as number | undefined;
  return declared ?? (route.httpMethod === 'post' ? 201 : 200);
}

function errorResponse(codes: readonly string[]): Operation {
  const status = httpStatusFor(codes[0] ?? 'INTERNAL');
  return {
    description: `Error: ${codes.join(', ')}`,
    ...(status === 503 || status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } } : {}),
    content: {
      'application/json': {
        schema: { allOf: [ERROR_ENVELOPE_REF, { properties: { error: { properties: { code: { enum: [...codes] } } } } }] },
      },
    },
  };
}

// Answers many routes share, kept once under components.responses.
const SHARED_ERROR_RESPONSES: Readonly<Record<string, readonly string[]>> = {
  ValidationFailed: [...VALIDATION_ERROR_CODES].sort(),
  InternalError: ['INTERNAL'],
  Unavailable: ['SERVICE.UNAVAILABLE'],
};

/** Error responses grouped by status, each naming the codes it can carry. */
function errorResponsesOf(route: HttpRoute, contract: ApiContractOptions): Record<string, Operation> {
  const isValidated = Boolean(contract.body ?? contract.query ?? contract.params ?? contract.headers);
  const isLimited = !route.path.startsWith('/health');
  const hasBody = route.httpMethod === 'post' || route.httpMethod === 'put' || route.httpMethod === 'patch';
  const keepsOwnIdempotency = Reflect.getMetadata(OWN_IDEMPOTENCY_METADATA, route.handler) === true;
  // What the platform answers on its own (limits/): rate limits, body size, Idempotency-Key replays.
  const isRestricted = !readRouteAccess({ controller: route.controller, handler: route.handler }).isPublic;
  const platformCodes = [
    ...(isRestricted ? ['AUTH.UNAUTHENTICATED', 'AUTH.FORBIDDEN'] : []),
    ...(isLimited ? ['RATE_LIMIT.EXCEEDED', 'RATE_LIMIT.UNAVAILABLE'] : []),
    ...(hasBody ? ['REQUEST.TOO_LARGE'] : []),
    ...(route.httpMethod === 'post' && !keepsOwnIdempotency ? ['IDEMPOTENCY.MISMATCH', 'IDEMPOTENCY.CONFLICT', 'IDEMPOTENCY.UNAVAILABLE'] : []),
  ];
  const codes = [...new Set([...(isValidated ? VALIDATION_ERROR_CODES : []), ...(contract.errors ?? []), ...platformCodes, ...SERVER_ERROR_CODES])];
  const byStatus = new Map<number, Set<string>>();
  for (const code of codes) {
    const status = httpStatusFor(code);
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, statusCodes]) => {
        const codeList = [...statusCodes].sort();
        const shared = Object.entries(SHARED_ERROR_RESPONSES).find(([, codes]) => codes.join() === codeList.join());
        return [String(status), shared ? { $ref: `#/components/responses/${shared[0]}` } : errorResponse(codeList)];
      }),
  );
}

function operationOf(route: HttpRoute, contract: ApiContractOptions): Operation {
  const declaredPathParameters = parametersOf(contract.params, 'path');
  const undeclared = pathParameterNames(route.path).filter((name) => !declaredPathParameters.some((parameter) => parameter['name'] === name));
  const parameters = [
    ...declaredPathParameters,
    ...undeclared.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...parametersOf(contract.query, 'query'),
    ...parametersOf(contract.headers, 'header'),
  ];
  const successStatus = successStatusOf(route);
  const successHeaders = Object.entries(contract.responseHeaders ?? {}).map(([name, description]): [string, Operation] => [name, { description, schema: { type: 'string' } }]);
  const controllerName = route.controller.name.replace(/Controller$/, '');
  return {
    operationId: `${controllerName.charAt(0).toLowerCase()}${controllerName.slice(1)}_${route.methodName}`,
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(contract.body, 'input') } } } } : {}),
    responses: {
      [String(successStatus)]: {
        description: 'Success',
        ...(successHeaders.length > 0 ? { headers: Object.fromEntries(successHeaders) } : {}),
        ...(contract.response ? { content: { 'application/json': { schema: jsonSchemaOf(contract.response, 'output') } } } : {}),
      },
      ...errorResponsesOf(route, contract),
    },
    ...operationSecurity(readRouteAccess({ controller: route.controller, handler: route.handler })),
  };
}

export interface OpenApiDocumentInput {
  service: string;
  description?: string;
  controllers: readonly Type[];
}

/** Routes without an `@ApiContract`, as `GET /path`; the document leaves them out. */
export function undocumentedRoutes(controllers: readonly Type[]): string[] {
  return listHttpRoutes(controllers)
    .filter((route) => !route.contract)
    .map((route) => `${route.httpMethod.toUpperCase()} ${route.path} (${route.controller.name}.${route.methodName})`);
}

/** The service's OpenAPI 3.1 document, built from its controllers' route metadata and zod contracts. */
export function buildOpenApiDocument(input: OpenApiDocumentInput): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of listHttpRoutes(input.controllers)) {
    if (!route.contract) continue;
    (paths[route.path] ??= {})[route.httpMethod] = operationOf(route, route.contract);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: `hotline ${input.service}`,
      version: API_VERSION,
      description:
        input.description ??
        `The native HTTP API of the 12345 hotline's ${input.service} service. Every error is {"error":{"code","message","details"}}; ` +
          'an unexpected 500 carries an errorId that is also in the log. Generated from the code: docs/api/ in the repository.',
    },
    paths,
    components: {
      schemas: { ErrorEnvelope: jsonSchemaOf(errorEnvelopeSchema, 'output') },
      responses: Object.fromEntries(Object.entries(SHARED_ERROR_RESPONSES).map(([name, codes]) => [name, errorResponse(codes)])),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

/** The document as committed under docs/api/ and served at /openapi.json: two-space JSON, final newline. */
export function serializeOpenApiDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
