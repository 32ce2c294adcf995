import { XMLParser } from 'fast-xml-parser';
import type { z } from 'zod';
import { open311Schemas } from '../src/open311/open311.schemas';

type Schemas = ReturnType<typeof open311Schemas>;
export type Open311Resource = keyof Schemas;

// GeoReport v2 XML: a list is its plural element around repeated singular ones.
const LISTS: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
};
const ITEMS = new Set(Object.values(LISTS));
const ROOTS: Readonly<Record<Open311Resource, string>> = {
  errors: 'errors',
  discovery: 'discovery',
  services: 'services',
  serviceDefinition: 'service_definition',
  created: 'service_requests',
  tokens: 'service_requests',
  requests: 'service_requests',
  updates: 'service_request_updates',
};

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: (name) => ITEMS.has(name) });

function unwrap(name: string, value: unknown): unknown {
  const item = LISTS[name];
  if (item !== undefined) {
    const items = value === '' ? [] : ((value as Record<string, unknown>)[item] as unknown[] | undefined) ?? [];
    return items.map((child) => unwrap(item, child));
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, unwrap(key, child)]));
  return value;
}

/** The XML document as the same tree JSON carries, values as text, or a reason it is not GeoReport XML. */
export function fromOpen311Xml(text: string, root: string): unknown {
  if (!text.startsWith('<?xml')) throw new Error('no XML declaration');
  const document = parser.parse(text, true) as Record<string, unknown>;
  const roots = Object.keys(document).filter((key) => key !== '?xml');
  if (roots.join() !== root) throw new Error(`root element is <${roots.join(',')}>, expected <${root}>`);
  return unwrap(root, document[root]);
}

/**
 * Checks a response against the specification: status, content type of its format, and the body's
 * shape (the strict schemas of src/open311/open311.schemas.ts, as JSON or as XML carries them).
 * Returns the body as parsed.
 */
export async function expectOpen311(response: Response, expected: { format: 'xml' | 'json'; resource: Open311Resource; status: number }): Promise<unknown> {
  const text = await response.text();
  const context = `${response.url} → ${response.status} ${text.slice(0, 400)}`;
  if (response.status !== expected.status) throw new Error(`expected ${expected.status}: ${context}`);
  const contentType = response.headers.get('content-type') ?? '';
  const expectedType = expected.format === 'json' ? 'application/json' : 'text/xml';
  if (!contentType.startsWith(expectedType)) throw new Error(`content type ${contentType}, expected ${expectedType}: ${context}`);
  const body = expected.format === 'json' ? (JSON.parse(text) as unknown) : fromOpen311Xml(text, ROOTS[expected.resource]);
  const schema: z.ZodType = open311Schemas(expected.format)[expected.resource];
  const checked = schema.safeParse(body);
  if (!checked.success) throw new Error(`not a GeoReport v2 ${expected.resource} (${expected.format}): ${checked.error.message}\n${context}`);
  return body;
}
