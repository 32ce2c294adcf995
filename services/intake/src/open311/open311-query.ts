import { booleanOf, textOf, type Form } from '../domain/open311-input';
import { Open311Error } from './open311-error.filter';
import type { RequestFilter } from './open311-requests.reader';

const DAY_MS = 24 * 3600 * 1000;
// GeoReport v2: a date range of at most 90 days, 1,000 requests by default.
const MAX_RANGE_MS = 90 * DAY_MS;
const DEFAULT_PAGE_SIZE = 1000;

const listOf = (value: Form[string]): string[] | undefined => {
  const items = (Array.isArray(value) ? value : [value]).flatMap((item) => (textOf(item) ?? '').split(',')).map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
};

function dateOf(query: Form, name: string, problems: string[]): Date | undefined {
  const text = textOf(query[name]);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) problems.push(`${name} must be a W3C date-time, e.g. 2026-11-27T09:30:00+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function integerOf(query: Form, options: { name: string; min: number; max: number; fallback: number }, problems: string[]): number {
  const text = textOf(query[options.name]);
  if (text === undefined) return options.fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < options.min || value > options.max) {
    problems.push(`${options.name} must be an integer from ${options.min} to ${options.max}`);
    return options.fallback;
  }
  return value;
}

/** A start/end pair within 90 days; when one or both are missing, the 90 days up to the end (or now). */
function rangeOf(query: Form, problems: string[], now: Date): { from: Date; to: Date } {
  const start = dateOf(query, 'start_date', problems);
  const end = dateOf(query, 'end_date', problems);
  const to = end ?? (start ? new Date(start.getTime() + MAX_RANGE_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_RANGE_MS);
  if (from > to) problems.push('start_date must be before end_date');
  else if (to.getTime() - from.getTime() > MAX_RANGE_MS) problems.push('start_date and end_date may be at most 90 days apart');
  return { from, to };
}

function pageOf(query: Form, problems: string[]) {
  return {
    page: integerOf(query, { name: 'page', min: 1, max: 1_000_000, fallback: 1 }, problems),
    pageSize: integerOf(query, { name: 'page_size', min: 1, max: DEFAULT_PAGE_SIZE, fallback: DEFAULT_PAGE_SIZE }, problems),
  };
}

const failIfAny = (problems: string[]) => {
  if (problems.length > 0) throw new Open311Error(400, problems);
};

export function isExtended(query: Form): boolean {
  return booleanOf(query['extensions']) ?? false;
}

/** `GET requests`: `service_request_id` (then the other filters are ignored, as the spec says), else the filters. */
export function requestFilterOf(query: Form, now = new Date()): RequestFilter {
  const problems: string[] = [];
  const paging = pageOf(query, problems);
  const ids = listOf(query['service_request_id']);
  if (ids) {
    failIfAny(problems);
    return { ids, ...paging };
  }
  const statuses = listOf(query['status'])?.map((status) => status.toLowerCase());
  const unknownStatuses = (statuses ?? []).filter((status) => status !== 'open' && status !== 'closed');
  if (unknownStatuses.length > 0) problems.push(`status must be open or closed, not ${unknownStatuses.join(', ')}`);
  const updatedAfter = dateOf(query, 'updated_after', problems);
  const updatedBefore = dateOf(query, 'updated_before', problems);
  const hasDates = textOf(query['start_date']) !== undefined || textOf(query['end_date']) !== undefined;
  // Asked by update time alone (a client catching up), the 90-day window of request dates is not forced.
  const range = hasDates || (!updatedAfter && !updatedBefore) ? rangeOf(query, problems, now) : undefined;
  failIfAny(problems);
  const serviceCodes = listOf(query['service_code']);
  return {
    ...(serviceCodes ? { serviceCodes } : {}),
    ...(statuses ? { statuses } : {}),
    ...(range ? { requestedFrom: range.from, requestedTo: range.to } : {}),
    ...(updatedAfter ? { updatedAfter } : {}),
    ...(updatedBefore ? { updatedBefore } : {}),
    ...paging,
  };
}

/** `GET servicerequestupdates`: updates between start_date and end_date (90 days at most, by default the last 90). */
export function updatesFilterOf(query: Form, now = new Date()) {
  const problems: string[] = [];
  const paging = pageOf(query, problems);
  const range = rangeOf(query, problems, now);
  failIfAny(problems);
  return { ...range, ...paging };
}
