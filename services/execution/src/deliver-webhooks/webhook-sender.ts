import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { WEBHOOK_HEADERS, signWebhook } from '../domain/webhook-signature';
import { isLoopbackAddress, isPublicAddress, type WebhookUrlPolicy } from '../domain/webhook-url';

export type SendOutcome = { ok: true; status: number } | { ok: false; error: string };

export interface WebhookRequest {
  url: string;
  secret: string;
  deliveryId: string;
  body: string;
  timestamp: number;
}

/**
 * POSTs one signed delivery. 2xx is delivered; anything else (3xx included: redirects are not
 * followed), a timeout or a refused address is a failure to retry. SSRF guard, part two: the
 * address a name resolves to is checked at connect time, so a name that moves to a private address
 * after registration (DNS rebinding) is refused.
 */
export function sendWebhook(request: WebhookRequest, options: { urlPolicy: WebhookUrlPolicy; timeoutMs: number }): Promise<SendOutcome> {
  const url = new URL(request.url);
  const isAllowed = (address: string) => isPublicAddress(address) || (options.urlPolicy.allowInsecure && isLoopbackAddress(address));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !isAllowed(host)) return Promise.resolve({ ok: false, error: `address ${host} is not allowed` });

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true } satisfies LookupAllOptions, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const refused = addresses.find((entry) => !isAllowed(entry.address));
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which is not allowed`), { code: 'EADDRNOTALLOWED' }), '', 4);
      if (lookupOptions.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      return first ? callback(null, first.address, first.family) : callback(new Error(`${hostname} has no address`), '', 4);
    });
  };

  const requestOptions: RequestOptions = {
    method: 'POST',
    lookup,
    timeout: options.timeoutMs,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(request.body),
      'user-agent': 'hotline-webhooks/1',
      [WEBHOOK_HEADERS.id]: request.deliveryId,
      [WEBHOOK_HEADERS.timestamp]: String(request.timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook({ secret: request.secret, timestamp: request.timestamp, body: request.body }),
    },
    signal: AbortSignal.timeout(options.timeoutMs),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    const outgoing = send(url, requestOptions, (response) => {
      // The answer's body is not read: drain it so the socket is freed.
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP ${status}` });
      });
      response.on('error', (err) => resolve({ ok: false, error: err.message }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    outgoing.on('error', (err) => resolve({ ok: false, error: err.message }));
    outgoing.end(request.body);
  });
}
