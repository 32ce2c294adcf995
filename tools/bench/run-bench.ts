import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { build, type Histogram } from 'hdr-histogram-js';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { TOPICS, decodeCaseEvent } from '@hotline/contracts';
import { SERVICE_DEFINITIONS, startServiceProcess, type ServiceProcess } from '@hotline/local-stack';

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
});
const settings = settingsSchema.parse(process.env);
const repoRoot = resolve(__dirname, '../..');
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

async function post(path: string, body: unknown): Promise<number> {
  const response = await fetch(`${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
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
  console.log(`settings: CASES=${settings.CASES} RATES=${settings.RATES.join(',')} KAFKA_BROKERS=${settings.KAFKA_BROKERS}`);
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
    // Simulated handling units and follow-up operators react to the case events, as a unit's
    // integration consuming Kafka would.
    const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.caseEvents, fromBeginning: false });
    const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: ({ message }) => {
        const decoded = decodeCaseEvent(message.value);
        if (!decoded.ok) return Promise.resolve();
        const event = decoded.event;
        const now = Date.now();
        const entry = tracked.get(event.caseId) ?? { postedAt: now };
        // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- only three events need a reaction
        switch (event.type) {
          case 'case.dispatched': {
            tracked.set(event.caseId, { ...entry, dispatchedAt: now });
            const { agencyId } = event.payload;
            void (async () => {
              // Execution may not have consumed the dispatch yet: retry the sign briefly.
              for (let attempt = 0; attempt < 50; attempt += 1) {
                const status = await post(`${url('execution')}/v1/cases/${event.caseId}/sign`, { agencyId });
                if (status === 200) break;
                await sleep(100);
              }
              await post(`${url('execution')}/v1/cases/${event.caseId}/feedback`, { agencyId, outcome: 'resolved', reply: '已处理完毕。' });
            })();
            break;
          }
          case 'case.feedback_submitted':
            void (async () => {
              for (let attempt = 0; attempt < 50; attempt += 1) {
                const status = await post(`${url('feedback')}/v1/cases/${event.caseId}/follow-up`, {
                  reached: true,
                  resolved: true,
                  satisfaction: 'satisfied',
                });
                if (status === 200) break;
                await sleep(100);
              }
            })();
            break;
          case 'case.closed':
            tracked.set(event.caseId, { ...entry, closedAt: now });
            break;
          default:
            // The other lifecycle events need no simulated reaction.
            break;
        }
        return Promise.resolve();
      },
    });
    await joined;
    for (const rate of settings.RATES) await runStep(rate, tracked, errors);
    await consumer.disconnect();
  } finally {
    await stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(`benchmark failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
