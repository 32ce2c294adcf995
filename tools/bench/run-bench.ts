import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { build, type Histogram } from 'hdr-histogram-js';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { TOPICS, decodeCaseEvent } from '@hotline/contracts';
import { SERVICE_DEFINITIONS, repositoryRoot, startServiceProcess, type ServiceProcess } from '@hotline/local-stack';

const settingsSchema = z.object({
  CASES: z.coerce.number().int().positive().default(2000),
  RATES: z
    .string()
    .default('200')
    .transform((value) => value.split(',').map(Number))
    .pipe(z.array(z.number().positive()).min(1)),
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
  BENCH_PORT_OFFSET: z.coerce.number().int().default(2100),
  DRAIN_TIMEOUT_S: z.coerce.number().positive().default(120),
  SIMULATED_WORKERS: z.coerce.number().int().positive().default(8),
});
const settings = settingsSchema.parse(process.env);
const repoRoot = repositoryRoot();
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const url = (name: string) => `http://127.0.0.1:${SERVICE_DEFINITIONS.find((s) => s.name === name)!.port + settings.BENCH_PORT_OFFSET}`;

interface Tracked {
  postedAt: number;
  dispatchedAt?: number;
  closedAt?: number;
}

const DESCRIPTIONS = [
  '朝阳区建国路小区门口的路灯坏了一周，晚上很黑。',
  '海淀区中关村大街附近工地夜间施工噪音扰民。',
  '东城区某小区停水两天了，没有任何通知。',
  '西城区胡同里垃圾堆放多日无人清理，气味很大。',
  '丰台区某公司拖欠工资三个月。',
  '通州区一段道路路面塌陷，有安全隐患。',
];
const POINTS = [
  { lat: 39.9087, lng: 116.4605 },
  { lat: 39.983, lng: 116.316 },
  { lat: 39.929, lng: 116.416 },
  { lat: 39.912, lng: 116.366 },
  { lat: 39.858, lng: 116.287 },
  { lat: 39.909, lng: 116.657 },
];

/** Several clerks at once: runs `work` over `items`, at most `SIMULATED_WORKERS` at a time. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: settings.SIMULATED_WORKERS }, worker));
}

async function getJson<T>(path: string): Promise<T | null> {
  try {
    const response = await fetch(path, { signal: AbortSignal.timeout(30_000) });
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}

/** POSTs JSON; a network failure or time-out counts as status 0 (the callers retry). */
async function post(path: string, body: unknown): Promise<number> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

const percentiles = (histogram: Histogram) =>
  `p50 ${histogram.getValueAtPercentile(50).toFixed(0)} ms · p95 ${histogram.getValueAtPercentile(95).toFixed(0)} ms · p99 ${histogram
    .getValueAtPercentile(99)
    .toFixed(0)} ms · max ${histogram.maxValue.toFixed(0)} ms`;

async function runStep(rate: number, tracked: Map<string, Tracked>, errors: { count: number }): Promise<void> {
  const postLatency = build({ numberOfSignificantValueDigits: 3 });
  const toDispatched = build({ numberOfSignificantValueDigits: 3 });
  const toClosed = build({ numberOfSignificantValueDigits: 3 });
  const stepCases: string[] = [];
  const backlogSamples: number[] = [];
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  const intervalMs = 1000 / rate;

  for (let i = 0; i < settings.CASES; i += 1) {
    const due = started + i * intervalMs;
    const wait = due - Date.now();
    if (wait > 1) await sleep(wait);
    const index = i % DESCRIPTIONS.length;
    const sentAt = Date.now();
    inFlight.push(
      fetch(`${url('intake')}/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ type: 'complaint', channel: 'app', description: DESCRIPTIONS[index], location: POINTS[index] }),
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (response) => {
          const body = (await response.json()) as { caseId?: string };
          postLatency.recordValue(Date.now() - sentAt);
          if (response.status !== 202 || !body.caseId) {
            errors.count += 1;
            return;
          }
          const known = tracked.get(body.caseId);
          tracked.set(body.caseId, { ...known, postedAt: sentAt });
          stepCases.push(body.caseId);
        })
        .catch(() => void (errors.count += 1)),
    );
    if (i % Math.max(1, Math.round(rate)) === 0) {
      backlogSamples.push(stepCases.filter((id) => !tracked.get(id)?.dispatchedAt).length);
    }
  }
  await Promise.all(inFlight);
  const postingSeconds = (Date.now() - started) / 1000;

  const drainDeadline = Date.now() + settings.DRAIN_TIMEOUT_S * 1000;
  while (Date.now() < drainDeadline && stepCases.some((id) => !tracked.get(id)?.closedAt)) await sleep(200);
  const totalSeconds = (Date.now() - started) / 1000;

  let closed = 0;
  for (const id of stepCases) {
    const entry = tracked.get(id)!;
    if (entry.dispatchedAt) toDispatched.recordValue(Math.max(0, entry.dispatchedAt - entry.postedAt));
    if (entry.closedAt) {
      closed += 1;
      toClosed.recordValue(Math.max(0, entry.closedAt - entry.postedAt));
    }
  }
  const quarter = backlogSamples[Math.floor(backlogSamples.length / 4)] ?? 0;
  const last = backlogSamples.at(-1) ?? 0;
  console.log(`
── target ${rate} cases/s · ${settings.CASES} cases ──────────────────────────────
  intake accepted         ${stepCases.length} (errors ${errors.count}) in ${postingSeconds.toFixed(1)} s = ${(stepCases.length / postingSeconds).toFixed(1)} cases/s
  POST /v1/cases          ${percentiles(postLatency)}
  intake → dispatched     ${percentiles(toDispatched)}  (${toDispatched.totalCount} cases)
  intake → closed         ${percentiles(toClosed)}  (${closed} closed)
  closed throughput       ${(closed / totalSeconds).toFixed(1)} cases/s over ${totalSeconds.toFixed(1)} s
  backlog (posted, not yet dispatched) at 25 % / end of posting: ${quarter} / ${last}  → ${
    last > Math.max(50, quarter * 2) ? 'GROWING: the system does not keep up at this rate' : 'steady'
  }`);
}

async function main(): Promise<void> {
  console.log(`benchmark: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(
    `settings: CASES=${settings.CASES} RATES=${settings.RATES.join(',')} SIMULATED_WORKERS=${settings.SIMULATED_WORKERS} KAFKA_BROKERS=${settings.KAFKA_BROKERS}`,
  );
  const processes: ServiceProcess[] = SERVICE_DEFINITIONS.map((definition) =>
    startServiceProcess({
      name: definition.name,
      main: definition.main,
      port: definition.port + settings.BENCH_PORT_OFFSET,
      repoRoot,
      env: { LOG_LEVEL: 'warn', OUTBOX_POLL_INTERVAL_MS: '200' },
      output: { logDir: resolve(repoRoot, '.run/bench-logs') },
    }),
  );
  const stopAll = () => Promise.all(processes.map((process) => process.stop()));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    await Promise.all(processes.map((process) => process.waitUntilReady(120_000)));
    const tracked = new Map<string, Tracked>();
    const errors = { count: 0 };
    const kafka = new Kafka({ clientId: 'bench', brokers: settings.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    // The bench watches the case events to time each case; simulated handling units and follow-up
    // operators work their queues over HTTP, as the units' and the centre's consoles would.
    const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.caseEvents, fromBeginning: false });
    const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
    const agencies = new Set<string>();
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: ({ message }) => {
        const decoded = decodeCaseEvent(message.value);
        if (!decoded.ok) return Promise.resolve();
        const event = decoded.event;
        const entry = tracked.get(event.caseId) ?? { postedAt: Date.now() };
        if (event.type === 'case.dispatched') {
          agencies.add(event.payload.agencyId);
          tracked.set(event.caseId, { ...entry, dispatchedAt: Date.now() });
        } else if (event.type === 'case.closed') {
          tracked.set(event.caseId, { ...entry, closedAt: Date.now() });
        }
        return Promise.resolve();
      },
    });
    let isWorking = true;
    const units = (async () => {
      while (isWorking) {
        for (const agencyId of agencies) {
          const queue = await getJson<{ items: { caseId: string }[] }>(`${url('execution')}/v1/agencies/${agencyId}/cases?status=dispatched&limit=200`);
          await inParallel(queue?.items ?? [], async (item) => {
            if ((await post(`${url('execution')}/v1/cases/${item.caseId}/sign`, { agencyId })) !== 200) return;
            await post(`${url('execution')}/v1/cases/${item.caseId}/feedback`, { agencyId, outcome: 'resolved', reply: '已处理完毕。' });
          });
        }
        await sleep(250);
      }
    })();
    const operators = (async () => {
      while (isWorking) {
        const pending = await getJson<{ items: { caseId: string }[] }>(`${url('feedback')}/v1/follow-ups?status=pending&limit=200`);
        await inParallel(pending?.items ?? [], async (item) => {
          await post(`${url('feedback')}/v1/cases/${item.caseId}/follow-up`, { reached: true, resolved: true, satisfaction: 'satisfied' });
        });
        await sleep(250);
      }
    })();
    await joined;
    for (const rate of settings.RATES) await runStep(rate, tracked, errors);
    isWorking = false;
    await Promise.all([units, operators]);
    await consumer.disconnect();
  } finally {
    await stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(`benchmark failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
