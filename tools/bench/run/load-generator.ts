import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LatencyRecorder, type Percentiles } from '../shared/latency';
import { caseRequest } from './case-requests';
import type { CaseTracker } from './case-tracker';
import type { HttpClient } from './http-client';

export interface LoadReport {
  cases: number;
  accepted: number;
  /** 202s with Idempotent-Replayed: a retry found the case its earlier attempt had created. */
  replayed: number;
  /** 503s by error code, and the Retry-After values they carried. */
  unavailable: Map<string, number>;
  retryAfter: Map<string, number>;
  /** Other failures by status ("network" for no answer); 4xx are not retried. */
  errors: Map<string, number>;
  /** Cases not accepted by the end of the schedule + the drain time-out: their fate is unknown to the bench. */
  gaveUp: number;
  postLatency: Percentiles;
  /** First attempt to 202, waits after 503s included. */
  acceptLatency: Percentiles;
  /** How late each case's first POST left compared with its schedule. */
  lateness: Percentiles;
  eventLoopDelayP99Ms: number;
  /** The most requests waiting in the HTTP agent for a free connection at once. */
  maxQueued: number;
  postingSeconds: number;
  acceptedPerSecond: number;
}

const NETWORK_RETRY_MS = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const increment = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * Posts cases to intake at a fixed rate on an open schedule (a slow answer does not delay the next
 * case), each with its own Idempotency-Key. A 503 is retried after its Retry-After with the same key,
 * as a client of the hotline's API must; a lost answer is retried the same way.
 */
export async function generateLoad(input: {
  http: HttpClient;
  intakeUrl: string;
  clientHeaders: Record<string, string>;
  tracker: CaseTracker;
  step: number;
  rate: number;
  cases: number;
  /** How long after the schedule's end a case is still retried. */
  retryForMs: number;
}): Promise<LoadReport> {
  const { http, tracker } = input;
  const postLatency = new LatencyRecorder();
  const acceptLatency = new LatencyRecorder();
  const lateness = new LatencyRecorder();
  const report = { accepted: 0, replayed: 0, gaveUp: 0, maxQueued: 0, unavailable: new Map<string, number>(), retryAfter: new Map<string, number>(), errors: new Map<string, number>() };
  let lastAcceptedAt = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const started = Date.now();
  const intervalMs = 1000 / input.rate;
  const giveUpAt = started + input.cases * intervalMs + input.retryForMs;

  const submit = async (index: number) => {
    const key = randomUUID();
    const body = caseRequest(index);
    const firstSentAt = Date.now();
    while (Date.now() < giveUpAt) {
      const sentAt = performance.now();
      const response = await http.send('POST', `${input.intakeUrl}/v1/cases`, { body, headers: { ...input.clientHeaders, 'idempotency-key': key } });
      postLatency.record(performance.now() - sentAt);
      if (response.status === 202) {
        const { caseId } = JSON.parse(response.body) as { caseId: string };
        if (response.headers['idempotent-replayed'] === 'true') report.replayed += 1;
        tracker.accepted(caseId, input.step, firstSentAt);
        report.accepted += 1;
        lastAcceptedAt = Date.now();
        acceptLatency.record(lastAcceptedAt - firstSentAt);
        return;
      }
      if (response.status === 503) {
        const retryAfter = response.headers['retry-after'] ?? '(none)';
        increment(report.unavailable, errorCode(response.body));
        increment(report.retryAfter, retryAfter);
        await sleep((Number(retryAfter) || 1) * 1000);
      } else if (response.status === 0) {
        increment(report.errors, 'network');
        await sleep(NETWORK_RETRY_MS);
      } else {
        increment(report.errors, `${response.status} ${errorCode(response.body)}`);
        return;
      }
    }
    report.gaveUp += 1;
  };

  const submissions: Promise<void>[] = [];
  for (let index = 0; index < input.cases; index += 1) {
    const due = started + index * intervalMs;
    const wait = due - Date.now();
    if (wait > 1) await sleep(wait);
    lateness.record(Math.max(0, Date.now() - due));
    submissions.push(submit(index));
    report.maxQueued = Math.max(report.maxQueued, http.queued);
  }
  await Promise.all(submissions);
  loopDelay.disable();
  const postingSeconds = Math.max(1e-3, ((lastAcceptedAt || Date.now()) - started) / 1000);
  return {
    ...report,
    cases: input.cases,
    postLatency: postLatency.percentiles(),
    acceptLatency: acceptLatency.percentiles(),
    lateness: lateness.percentiles(),
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    postingSeconds,
    acceptedPerSecond: report.accepted / postingSeconds,
  };
}

function errorCode(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? 'no code';
  } catch {
    return 'no JSON body';
  }
}
