import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

export const OPEN311_FORMATS = ['xml', 'json'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const isOpen311Format = (value: string | undefined): value is Open311Format => value === 'xml' || value === 'json';

// GeoReport v2 XML wraps each list in its plural element: <attributes><attribute>…</attribute></attributes>.
const XML_ITEM_NAMES: Readonly<Record<string, string>> = {
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

const builder = new XMLBuilder({ format: false, suppressEmptyNode: true, processEntities: true });

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function toXmlTree(name: string, value: Json): Json {
  if (Array.isArray(value)) {
    const itemName = XML_ITEM_NAMES[name] ?? 'item';
    return { [itemName]: value.map((item) => toXmlTree(itemName, item)) };
  }
  if (value === null) return '';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toXmlTree(key, child)]));
  return String(value);
}

/** The body in the requested format: `root` names the XML document element (`services`, `errors` …). */
export function renderOpen311(format: Open311Format, root: string, body: Json): { contentType: string; text: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', text: JSON.stringify(body) };
  return { contentType: 'text/xml; charset=utf-8', text: `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: toXmlTree(root, body) })}` };
}

export function sendOpen311(response: Response, options: { format: Open311Format; root: string; body: Json; status?: number }): void {
  const { contentType, text } = renderOpen311(options.format, options.root, options.body);
  response.status(options.status ?? 200).type(contentType).send(text);
}

/** GeoReport v2 dates: W3C date-time with its zone, to the second. */
export const w3cDateTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** The format a request asked for by its extension; anything else is answered in XML, the required format. */
export function formatOfPath(path: string): Open311Format {
  return /\.json$/i.test(path) ? 'json' : 'xml';
}
