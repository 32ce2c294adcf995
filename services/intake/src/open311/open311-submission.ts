import type { Channel } from '@hotline/contracts';
import { attributesOf, booleanOf, coordinateOf, textOf, type Form } from '../domain/open311-input';
import type { Open311ServiceAttributeRecord } from '../infrastructure/database/entities/open311.entities';
import type { ReceiveCaseRequest } from '../receive-case/receive-case.request';
import type { Open311Service } from './open311-catalogue';

export interface Open311Submission {
  request: ReceiveCaseRequest;
  serviceCode: string;
  attributes: Record<string, string | string[]>;
  addressId: string | null;
  deviceId: string | null;
  accountId: string | null;
  mediaUrl: string | null;
  mediaParts: number;
}

export type SubmissionResult = { ok: true; submission: Open311Submission } | { ok: false; problems: string[] };

const DESCRIPTION_LIMIT = 4000;

function attributeProblem(definition: Open311ServiceAttributeRecord, values: string[]): string | undefined {
  const allowed = definition.allowedValues;
  const isAllowed = (value: string) => allowed.some((option) => option.key.toLowerCase() === value.toLowerCase() || option.name === value);
  switch (definition.datatype) {
    case 'number':
      return values.every((value) => Number.isFinite(Number(value))) ? undefined : `attribute[${definition.code}] must be a number`;
    case 'datetime':
      return values.every((value) => !Number.isNaN(Date.parse(value))) ? undefined : `attribute[${definition.code}] must be a date-time`;
    case 'singlevaluelist':
      if (values.length > 1) return `attribute[${definition.code}] takes one value`;
      return values.every(isAllowed) ? undefined : `attribute[${definition.code}] must be one of ${allowed.map((option) => option.key).join(', ')}`;
    case 'multivaluelist':
      return values.every(isAllowed) ? undefined : `attribute[${definition.code}] values must be among ${allowed.map((option) => option.key).join(', ')}`;
    case 'string':
    case 'text':
      return undefined;
  }
}

// The unit reads the answers with the citizen's words: "灯杆编号 Number on the pole: CY-0123".
function describeAttributes(service: Open311Service, attributes: Record<string, string[]>): string {
  return service.attributes
    .filter((definition) => attributes[definition.code])
    .map((definition) => {
      const names = (attributes[definition.code] ?? []).map(
        (value) => definition.allowedValues.find((option) => option.key.toLowerCase() === value.toLowerCase())?.name ?? value,
      );
      return `${definition.description}: ${names.join(', ')}`;
    })
    .join('\n');
}

/**
 * A GeoReport v2 `POST requests` as a case. A location is required: `lat`/`long`, `address_string`
 * or `address_id`. Attributes are checked against the service definition; unknown ones are ignored.
 */
export function toSubmission(form: Form, service: Open311Service, channel: Channel, mediaParts = 0): SubmissionResult {
  const problems: string[] = [];
  const lat = coordinateOf(form['lat']);
  const lng = coordinateOf(form['long'] ?? form['lng'] ?? form['lon']);
  const addressString = textOf(form['address_string']);
  const addressId = textOf(form['address_id']) ?? null;
  const hasPoint = lat !== undefined && lng !== undefined;
  if (!hasPoint && !addressString && !addressId) problems.push('a location is required: lat and long, address_string or address_id');
  if (hasPoint && (Math.abs(lat) > 90 || Math.abs(lng) > 180)) problems.push('lat must be within ±90 and long within ±180');

  const attributes = attributesOf(form);
  for (const definition of service.attributes) {
    const values = attributes[definition.code];
    if (!values) {
      if (definition.isRequired) problems.push(`attribute[${definition.code}] is required: ${definition.description}`);
      continue;
    }
    const problem = attributeProblem(definition, values);
    if (problem) problems.push(problem);
  }

  const phone = textOf(form['phone']);
  if (phone && !/^\+?[\d\- ]{3,20}$/.test(phone)) problems.push('phone must be a phone number (digits, spaces, dashes, optional leading +)');
  if (problems.length > 0) return { ok: false, problems };

  const name = [textOf(form['first_name']), textOf(form['last_name'])].filter(Boolean).join(' ');
  const details = describeAttributes(service, attributes);
  const description = [textOf(form['description']) ?? service.record.serviceName, details].filter(Boolean).join('\n\n').slice(0, DESCRIPTION_LIMIT);
  const address = addressString ?? (addressId ? `address_id ${addressId}` : undefined);
  const request: ReceiveCaseRequest = {
    type: 'complaint',
    channel,
    title: service.record.serviceName,
    description,
    ...(hasPoint ? { location: { lat, lng } } : {}),
    ...(address ? { address: address.slice(0, 500) } : {}),
    ...(name || phone ? { reporter: { ...(name ? { name: name.slice(0, 100) } : {}), ...(phone ? { phone } : {}), confidential: booleanOf(form['confidential']) ?? false } } : {}),
  };
  const known = new Set(service.attributes.map((definition) => definition.code));
  return {
    ok: true,
    submission: {
      request,
      serviceCode: service.record.serviceCode,
      attributes: Object.fromEntries(Object.entries(attributes).filter(([code]) => known.has(code)).map(([code, values]) => [code, values.length === 1 ? (values[0] ?? '') : values])),
      addressId,
      deviceId: textOf(form['device_id'] ?? form['deviceid']) ?? null,
      accountId: textOf(form['account_id']) ?? null,
      mediaUrl: textOf(form['media_url']) ?? null,
      mediaParts,
    },
  };
}
