import { z } from 'zod';

/**
 * GeoReport v2 responses, written once: the JSON shapes for the API document, and the same shapes
 * as XML carries them (every value text, an empty element for no value) for the conformance suite.
 */
export function open311Schemas(format: 'json' | 'xml') {
  const isXml = format === 'xml';
  const text = z.string();
  const optionalText = isXml ? z.string() : z.string().nullable();
  const bool = isXml ? z.enum(['true', 'false']) : z.boolean();
  const integer = isXml ? z.string().regex(/^-?\d+$/) : z.number().int();
  const coordinate = isXml ? z.string().regex(/^-?\d+(\.\d+)?$/) : z.number();
  const optionalCoordinate = isXml ? z.union([z.literal(''), coordinate]) : coordinate.nullable();
  // W3C date-time with a zone, e.g. 2026-11-27T09:30:00Z
  const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const optionalDateTime = isXml ? z.union([z.literal(''), dateTime]) : dateTime.nullable();
  const list = <T extends z.ZodType>(item: T) => z.array(item);

  const error = z.strictObject({ code: integer, description: text });
  const discovery = z.strictObject({
    changeset: dateTime,
    contact: text,
    key_service: text,
    endpoints: list(
      z.strictObject({
        specification: z.literal('http://wiki.open311.org/GeoReport_v2'),
        url: z.url(),
        changeset: dateTime,
        type: z.enum(['production', 'test']),
        formats: list(z.enum(['text/xml', 'application/json'])),
      }),
    ),
  });
  const service = z.strictObject({
    service_code: text.min(1),
    service_name: text.min(1),
    description: text,
    metadata: bool,
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: text,
    group: text,
  });
  const attribute = z.strictObject({
    variable: bool,
    code: text.min(1),
    datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: bool,
    datatype_description: optionalText,
    order: integer,
    description: text,
    values: list(z.strictObject({ key: text, name: text })),
  });
  const serviceDefinition = z.strictObject({ service_code: text.min(1), attributes: list(attribute) });
  const created = z.strictObject({ service_request_id: text.min(1), token: text.min(1), service_notice: optionalText, account_id: optionalText });
  const token = z.strictObject({ service_request_id: optionalText, token: text.min(1) });
  const note = z.strictObject({ update_id: text, status: z.enum(['open', 'closed']), updated_datetime: dateTime, description: text });
  const request = z.strictObject({
    service_request_id: text.min(1),
    status: z.enum(['open', 'closed']),
    status_notes: optionalText,
    service_name: optionalText,
    service_code: optionalText,
    description: optionalText,
    agency_responsible: optionalText,
    service_notice: optionalText,
    requested_datetime: dateTime,
    updated_datetime: dateTime,
    expected_datetime: optionalDateTime,
    address: optionalText,
    address_id: optionalText,
    zipcode: optionalText,
    lat: optionalCoordinate,
    long: optionalCoordinate,
    media_url: optionalText,
    // extensions=true only
    extended_attributes: z.strictObject({ tracking_number: text, notes: list(note) }).optional(),
  });
  const update = z.strictObject({
    update_id: text.min(1),
    service_request_id: text.min(1),
    status: z.enum(['open', 'closed']),
    updated_datetime: dateTime,
    description: text,
    media_url: optionalText,
  });
  return {
    errors: list(error),
    discovery,
    services: list(service),
    serviceDefinition,
    created: list(created),
    tokens: list(token),
    requests: list(request),
    updates: list(update),
  };
}

export const open311JsonSchemas = open311Schemas('json');
