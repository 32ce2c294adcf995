import { defaultTestHeaders } from './access';

const hasCredentials = (headers: Record<string, string>): boolean =>
  Object.keys(headers).some((name) => ['authorization', 'x-api-key'].includes(name.toLowerCase()));

/**
 * JSON over HTTP for tests and benchmarks: returns the status and the parsed body. Without an
 * Authorization or X-API-Key header it authenticates as the centre's desk (see defaultTestHeaders);
 * pass `{ authorization: '' }` to call anonymously.
 */
export async function httpJson<T = unknown>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const credentials = hasCredentials(headers) ? {} : await defaultTestHeaders();
  const sent = Object.fromEntries(Object.entries({ ...credentials, ...headers }).filter(([, value]) => value !== ''));
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...sent },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  // A text answer (an HTML or CSV report) is the body as it came.
  const isJson = !text || !response.headers.get('content-type') || /json/i.test(response.headers.get('content-type') ?? '');
  return { status: response.status, body: (text ? (isJson ? JSON.parse(text) : text) : null) as T, headers: response.headers };
}

/** `fetch` that authenticates as the centre's desk unless the request names its own credentials. */
export async function testFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return fetch(url, { ...init, headers: hasCredentials(headers) ? headers : { ...(await defaultTestHeaders()), ...headers } });
}
