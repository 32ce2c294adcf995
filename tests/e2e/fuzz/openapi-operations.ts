import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServiceName } from '@hotline/testing';

/** The subset of JSON Schema the generated documents use (zod → OpenAPI 3.1). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

/** One route of one service, as its committed OpenAPI document declares it. */
export interface Operation {
  service: ServiceName;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The templated path, e.g. `/v1/cases/{caseId}/sign`. */
  path: string;
  parameters: Parameter[];
  body?: { schema: JsonSchema; contentTypes: string[] };
  /** Roles allowed by the document's security requirement; empty for a public route. */
  roles: string[];
  isPublic: boolean;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, string[]>[];
}

const REPO_ROOT = resolve(__dirname, '../../..');

/** Every operation of a service's committed document (`docs/api/<service>.openapi.json`). */
export function operationsOf(service: ServiceName): Operation[] {
  const file = resolve(REPO_ROOT, 'docs/api', `${service}.openapi.json`);
  const document = JSON.parse(readFileSync(file, 'utf8')) as { paths?: Record<string, Record<string, OpenApiOperation>> };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const upper = method.toUpperCase();
      if (upper !== 'GET' && upper !== 'POST' && upper !== 'PUT' && upper !== 'DELETE') throw new Error(`${service}: ${upper} ${path} is not fuzzed yet; teach tests/e2e/fuzz about it`);
      const content = operation.requestBody?.content ?? {};
      const [firstContentType] = Object.keys(content);
      const roles = [...new Set((operation.security ?? []).flatMap((requirement) => Object.values(requirement).flat()))];
      operations.push({
        service,
        method: upper as Operation['method'],
        path,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in as Parameter['in'],
          required: parameter.required ?? false,
          schema: parameter.schema ?? {},
        })),
        ...(firstContentType ? { body: { schema: content[firstContentType]?.schema ?? {}, contentTypes: Object.keys(content) } } : {}),
        roles,
        isPublic: roles.length === 0,
      });
    }
  }
  return operations;
}

export const operationName = (operation: Pick<Operation, 'service' | 'method' | 'path'>): string => `${operation.service} ${operation.method} ${operation.path}`;
