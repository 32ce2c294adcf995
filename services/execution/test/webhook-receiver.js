// A unit's webhook endpoint, run as its own process by webhooks.int-spec.ts. It verifies each delivery
// as the README tells units to (HMAC-SHA256 over "<timestamp>.<body>", ±5 minutes, dedupe by id) and
// answers what it saw over HTTP. Control: POST /_endpoints {path, secret, failFirst, failAlways}.
'use strict';
const { createServer } = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');

const REPLAY_WINDOW_S = 300;
const endpoints = new Map();

function verify(secret, timestamp, body, signature) {
  if (!/^\d+$/.test(timestamp || '')) return 'malformed';
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > REPLAY_WINDOW_S) return 'outside_replay_window';
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const presented = Buffer.from(signature || '');
  return expected.length === presented.length && timingSafeEqual(expected, presented) ? 'ok' : 'signature_mismatch';
}

const answer = (response, status, value) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
};

createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (request.method === 'POST' && request.url === '/_endpoints') {
      const config = JSON.parse(body);
      endpoints.set(config.path, { ...config, requests: 0, received: [], seenIds: new Set() });
      return answer(response, 204, {});
    }
    if (request.method === 'GET' && request.url.startsWith('/_received')) {
      const path = new URL(request.url, 'http://x').searchParams.get('path');
      return answer(response, 200, endpoints.get(path)?.received ?? []);
    }
    const endpoint = endpoints.get(request.url);
    if (!endpoint || request.method !== 'POST') return answer(response, 404, {});
    endpoint.requests += 1;
    const id = request.headers['hotline-webhook-id'];
    const verdict = verify(endpoint.secret, request.headers['hotline-webhook-timestamp'], body, request.headers['hotline-webhook-signature']);
    const isFailing = endpoint.failAlways || endpoint.requests <= (endpoint.failFirst || 0);
    const status = verdict !== 'ok' ? 401 : isFailing ? 500 : 200;
    const isDuplicate = status === 200 && endpoint.seenIds.has(id);
    if (status === 200) endpoint.seenIds.add(id);
    endpoint.received.push({ id, verdict, status, isDuplicate, body: JSON.parse(body) });
    return answer(response, status, {});
  });
}).listen(0, '127.0.0.1', function onListening() {
  process.stdout.write(`listening ${this.address().port}\n`);
});
