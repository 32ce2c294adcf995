import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from 'pg';
import {
  E2eStack,
  aCaseRequest,
  actAs,
  actAsUnit,
  connectDatabase,
  expectEventually,
  httpJson,
  watchDeadLetters,
  type DeadLetterWatch,
  type ServiceName,
} from '@hotline/testing';
import { FuzzReport } from './fuzz/fuzz-report';
import { malformedRequests, type FuzzRequest } from './fuzz/malformed-requests';
import { operationName, operationsOf, type Operation } from './fuzz/openapi-operations';
import { rawRequests } from './fuzz/raw-requests';
import { closeAgents, sendHttp, sendRaw, type Answer } from './fuzz/send-request';

// Issue 6, point 8: bad input never reaches a 5xx. FUZZ_SEED replays a run; FUZZ_REQUESTS sets its size.
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2_147_483_647);
const TOTAL_REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
const CONCURRENCY = Number(process.env['FUZZ_CONCURRENCY'] ?? 12);
const SERVICES: readonly ServiceName[] = ['intake', 'classification', 'dispatch', 'execution', 'feedback', 'audit', 'supervision', 'assessment'];
const REPO_ROOT = resolve(__dirname, '../..');
const REQUEST_TIMEOUT_MS = 30_000;

const isHealth = (operation: Operation) => operation.path.startsWith('/health/');
// Health probes take nothing; the routes with inputs get four times their share.
const weightOf = (operation: Operation) => (isHealth(operation) ? 1 : 4);

/** A stable per-operation seed, so adding a route does not change the requests of the others. */
const seedFor = (operation: Operation): number => {
  let hash = SEED | 0;
  for (const char of operationName(operation)) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619);
  return hash;
};

/** `{error:{code,message}}`; Open311 routes answer their own list of `{code, description}`. */
function isErrorBody(body: string, target: string): boolean {
  // Open311's own XML error list: <errors><error><code>…</code><description>…</description></error></errors>.
  if (target.startsWith('/open311') && /^<\?xml[^>]*>\s*<errors>(\s*<error>\s*<code>[^<]+<\/code>\s*<description>[^<]*<\/description>\s*<\/error>)+\s*<\/errors>\s*$/.test(body)) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  // Open311's JSON error list; what the platform refuses before the route (a NUL in the URL, a body
  // nested too deep, headers too large) still answers the platform's envelope below.
  if (target.startsWith('/open311') && Array.isArray(parsed)) {
    return parsed.length > 0 && parsed.every((item: { code?: unknown; description?: unknown }) => item.code !== undefined && typeof item.description === 'string');
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && error.code.length > 0 && typeof error.message === 'string';
}

function problemWith(expectsDenial: boolean, target: string, answer: Answer): string | undefined {
  if (answer.status === 0) return `no answer: ${answer.failure ?? 'unknown'}`;
  // Readiness may say "not ready" while a machine this busy times out its Postgres or Redis check; the
  // run checks that every service is ready again afterwards.
  if (answer.status === 503 && target.startsWith('/health/ready')) return undefined;
  if (answer.status >= 500) return `server error ${answer.status}`;
  if (answer.status >= 200 && answer.status < 300) return expectsDenial ? 'accepted without valid credentials' : undefined;
  if (answer.status < 400) return `unexpected status ${answer.status}`;
  if (expectsDenial && answer.status !== 401 && answer.status !== 403) return 'spoiled credentials not answered with 401 or 403';
  return isErrorBody(answer.body, target) ? undefined : 'a 4xx without an error code';
}

const describeRequest = (request: FuzzRequest): string => {
  const body = request.body ? ` body(${request.body.length} B)=${JSON.stringify(request.body.subarray(0, 400).toString('utf8'))}` : '';
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value}`);
  const headerList = headers.join('; ');
  return `${request.method} ${request.target.length > 200 ? `${request.target.slice(0, 200)}…(${request.target.length})` : request.target} as ${request.actAs ?? 'nobody'} [${headerList.length > 300 ? `${headerList.slice(0, 300)}… ${headers.length} headers` : headerList}]${body}`;
};

async function countRows(db: Client, table: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
  return Number(rows[0]?.count ?? 0);
}

/** The run's requests, fixed by the seed: each operation's share, interleaved, plus the raw ones. */
function planRequests(): { operations: number; requests: FuzzRequest[]; raw: { service: ServiceName; kind: string; bytes: Buffer }[] } {
  const operations = SERVICES.flatMap((service) => {
    const found = operationsOf(service);
    if (found.filter((operation) => !isHealth(operation)).length === 0) throw new Error(`docs/api/${service}.openapi.json lists no operations: run npm run contracts`);
    return found;
  });
  const raw = SERVICES.flatMap((service) => {
    const post = operations.find((operation) => operation.service === service && operation.method === 'POST' && !operation.path.includes('{'));
    return rawRequests(post?.path ?? '/v1/cases').map((request) => ({ service, ...request }));
  });
  const totalWeight = operations.reduce((sum, operation) => sum + weightOf(operation), 0);
  const perWeight = Math.max(0, TOTAL_REQUESTS - raw.length) / totalWeight;
  const batches = operations.map((operation) => fc.sample(malformedRequests(operation), { seed: seedFor(operation), numRuns: Math.ceil(perWeight * weightOf(operation)) }));
  // Interleaved, so every service is busy at once.
  const requests: FuzzRequest[] = [];
  for (let i = 0; batches.some((batch) => i < batch.length); i += 1) for (const batch of batches) if (batch[i]) requests.push(batch[i]!);

  return { operations: operations.length, requests, raw };
}

describe('fuzz: bad input never reaches a 5xx', () => {
  // Limits high enough that the fuzz reaches the handlers instead of the rate limiter.
  const stack = new E2eStack({ RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_ROUTES: '{}' });
  let db: Client;
  let deadLetters: DeadLetterWatch;
  const credentials = new Map<string, Record<string, string>>();
  let plan: ReturnType<typeof planRequests>;

  beforeAll(async () => {
    const planningStartedAt = Date.now();
    plan = planRequests();
    process.stdout.write(
      `\nfuzz: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${TOTAL_REQUESTS}: ${plan.requests.length + plan.raw.length} requests over ${plan.operations} operations of ${SERVICES.length} services (generated in ${Date.now() - planningStartedAt} ms)\n`,
    );
    db = await connectDatabase();
    // The demo hotline client's key, as the setup of npm test seeded it (its own file: DEMO_CREDENTIALS_FILE).
    const credentialsFile = resolve(REPO_ROOT, process.env['DEMO_CREDENTIALS_FILE'] ?? '.run/demo-credentials.json');
    const demo = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { role: string; apiKey?: string }[];
    const hotlineKey = demo.find((credential) => credential.role === 'hotline_client')?.apiKey;
    if (!hotlineKey) throw new Error(`${credentialsFile} has no hotline_client key: run the setup of npm test first`);
    credentials.set('hotline_client', { 'x-api-key': hotlineKey });
    for (const role of ['admin', 'dispatcher', 'auditor', 'follow_up_operator', 'inspector'] as const) credentials.set(role, await actAs(role));
    credentials.set('supervisor', await actAs('supervisor', { regionCode: '110000' }));
    credentials.set('unit_operator', await actAsUnit('utility-water'));
    deadLetters = await watchDeadLetters();
    await stack.startAll();
  }, 300_000);

  afterAll(async () => {
    closeAgents();
    await stack.stopAll();
    await deadLetters?.stop();
    await db?.end();
  }, 60_000);

  it('answers every malformed request with a 4xx and an error code, records no partial case, and keeps serving', async () => {
    const { requests, raw } = plan;
    const casesBefore = await countRows(db, 'intake.cases');
    const report = new FuzzReport();
    const acceptedCaseIds: string[] = [];
    const startedAt = Date.now();

    const port = (service: ServiceName) => Number(new URL(stack.url(service)).port);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const answer = await sendHttp({
          port: port(request.service),
          method: request.method,
          target: request.target,
          headers: { ...(request.actAs ? credentials.get(request.actAs) : {}), ...request.headers },
          ...(request.body ? { body: request.body } : {}),
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
        if (request.operation === 'intake POST /v1/cases' && answer.status === 202) acceptedCaseIds.push((JSON.parse(answer.body) as { caseId: string }).caseId);
        report.record(request.operation, answer, problemWith(request.expectsDenial, request.target, answer), () => ({ kind: request.kind, request: describeRequest(request) }));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    for (const request of raw) {
      const answer = await sendRaw({ port: port(request.service), bytes: request.bytes, timeoutMs: 10_000 });
      report.record(`${request.service} (raw HTTP)`, answer, problemWith(false, '/', answer), () => ({ kind: request.kind, request: JSON.stringify(request.bytes.subarray(0, 160).toString('latin1')) }));
    }
    const fuzzSeconds = (Date.now() - startedAt) / 1000;

    process.stdout.write(`\nfuzz: ${report.total} requests in ${fuzzSeconds.toFixed(1)} s (FUZZ_SEED=${SEED})\n${report.table()}\n`);
    report.write(resolve(REPO_ROOT, '.run/fuzz/report.json'), { seed: SEED, requests: report.total, seconds: fuzzSeconds });
    if (report.findings.length > 0) {
      const shown = report.findings.slice(0, 20).map((finding) => `  ${finding.operation} [${finding.kind}] → ${finding.status} ${finding.problem}\n    ${finding.request}\n    answer: ${finding.answer}`);
      throw new Error(`fuzz found ${report.findings.length} bad answers; replay with FUZZ_SEED=${SEED} FUZZ_REQUESTS=${TOTAL_REQUESTS} (all in .run/fuzz/report.json):\n${shown.join('\n')}`);
    }

    // No crash, and every service still ready.
    expect(stack.exited()).toEqual([]);
    for (const service of SERVICES) expect((await httpJson('GET', `${stack.url(service)}/health/ready`)).status).toBe(200);

    // No partial case: every case intake recorded during the run was answered 202 (a 202 may also replay
    // an earlier run's case: the seed fixes the Idempotency-Keys), and audit knows of no other.
    expect(report.acceptedFor('intake POST /v1/cases')).toBe(acceptedCaseIds.length);
    const { rows: recorded } = await db.query<{ case_id: string }>('SELECT case_id FROM intake.cases WHERE received_at >= $1', [new Date(startedAt)]);
    expect(recorded.map((row) => row.case_id).filter((caseId) => !acceptedCaseIds.includes(caseId))).toEqual([]);
    expect((await countRows(db, 'intake.cases')) - casesBefore).toBe(recorded.length);
    const { rows: audited } = await db.query<{ case_id: string }>('SELECT case_id FROM audit.case_view WHERE received_at >= $1', [new Date(startedAt)]);
    expect(audited.map((row) => row.case_id).filter((caseId) => !acceptedCaseIds.includes(caseId))).toEqual([]);

    // And a normal case still goes through to its dispatch (asked of dispatch itself: on a machine this
    // busy, audit may still be catching up with the run's accepted cases).
    const normal = await httpJson<{ caseId: string }>('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest(), credentials.get('hotline_client'));
    expect(normal.status).toBe(202);
    await expectEventually(async () => expect((await httpJson('GET', `${stack.url('dispatch')}/v1/dispatches/${normal.body.caseId}`)).status).toBe(200), {
      timeoutMs: 120_000,
    });
    // No event of this run's cases was dead-lettered. Fresh consumer groups may also dead-letter poison
    // messages that earlier tests left on the shared topic on purpose: those carry other keys.
    const runCaseIds = new Set([...recorded.map((row) => row.case_id), normal.body.caseId]);
    const ours = deadLetters.received.filter((letter) => letter.key !== null && runCaseIds.has(letter.key));
    expect(ours.map((letter) => `${letter.consumer} ${letter.key}: ${letter.reason}`)).toEqual([]);
  }, 600_000);
});
