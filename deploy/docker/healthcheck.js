// Container health probe: `node deploy/docker/healthcheck.js [/health/live|/health/ready]`.
// The image has no curl/wget, so Node's fetch does it. Exits 0 on HTTP 2xx, 1 otherwise.
// Plain CommonJS (no TypeScript, no @swc-node/register): a probe must stay cheap.
'use strict';

// Same ports as libs/local-stack/src/service-catalogue.ts; PORT, when set, wins.
const DEFAULT_PORTS = { intake: 3001, classification: 3002, dispatch: 3003, execution: 3004, feedback: 3005, audit: 3006, supervision: 3007, assessment: 3008 };

const path = process.argv[2] || '/health/live';
const port = process.env.PORT || DEFAULT_PORTS[process.env.SERVICE || ''];
if (!port) {
  console.error('healthcheck: neither PORT nor a known SERVICE is set');
  process.exit(1);
}

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(Number(process.env.HEALTHCHECK_TIMEOUT_MS || 8000)) }).then(
  (response) => {
    if (!response.ok) console.error(`healthcheck: ${path} answered ${response.status}`);
    process.exit(response.ok ? 0 : 1);
  },
  (err) => {
    console.error(`healthcheck: ${path}: ${err.message}`);
    process.exit(1);
  },
);
