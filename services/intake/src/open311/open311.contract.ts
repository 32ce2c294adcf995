import { z } from 'zod';
import { OPEN311_FORMATS } from './open311-format';

const format = z.enum(OPEN311_FORMATS).describe('The answer\'s format, as the file extension: xml (the spec\'s required format) or json');

export const formatParams = z.object({ format });
export const serviceParams = z.object({ code: z.string().describe('service_code, e.g. street_light'), format });
export const requestParams = z.object({ id: z.string().describe('service_request_id: the tracking number (or the caseId)'), format });
export const tokenParams = z.object({ token: z.uuid(), format });

const flag = z.string().describe('true/false, 1/0, yes/no');
const date = z.string().describe('W3C date-time, e.g. 2026-11-27T09:30:00+08:00');

export const requestsQuery = z.object({
  service_request_id: z.string().optional().describe('Comma-separated ids; the other filters are then ignored'),
  service_code: z.string().optional().describe('Comma-separated service codes'),
  start_date: date.optional(),
  end_date: date.optional().describe('At most 90 days after start_date; without dates, the last 90 days'),
  status: z.string().optional().describe('open, closed or both comma-separated'),
  updated_after: date.optional(),
  updated_before: date.optional(),
  page: z.string().optional().describe('Extension: page number from 1'),
  page_size: z.string().optional().describe('Extension: at most 1,000, the default'),
  extensions: flag.optional().describe('Extension: true adds extended_attributes with the notes history'),
});

export const requestQuery = z.object({ extensions: flag.optional().describe('true adds extended_attributes with the notes history') });

export const updatesQuery = z.object({
  start_date: date.optional(),
  end_date: date.optional().describe('At most 90 days after start_date; by default the last 90 days'),
  page: z.string().optional(),
  page_size: z.string().optional(),
});

export const submitQuery = z.object({ api_key: z.string().optional().describe('The API key, when not sent as the X-API-Key header or a form field') });

export const submitHeaders = z.object({ 'Idempotency-Key': z.string().optional().describe('Not part of Open311; a retry with the same key and body returns the same request') });
