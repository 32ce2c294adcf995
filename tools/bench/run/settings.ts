import { resolve } from 'node:path';
import { z } from 'zod';
import { repositoryRoot } from '@hotline/local-stack';
import { KAFKA_CLIENT_NAMES, isKafkaClientName } from '@hotline/messaging';

const commaSeparated = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

export const repoRoot = repositoryRoot();

/** npm run bench's settings, from the environment. */
export const benchSettingsSchema = z.object({
  /** Cases per step, unless DURATION is set. */
  CASES: z.coerce.number().int().positive().default(2000),
  /** Seconds of posting per step; the step's cases are then rate × duration. */
  DURATION: z.coerce.number().positive().optional(),
  RATES: commaSeparated.transform((rates) => rates.map(Number)).pipe(z.array(z.number().positive()).min(1)).default([200]),
  /** full: simulated units and operators close every case; dispatch: nobody works the queues, cases stop at dispatched. */
  FLOW: z.enum(['full', 'dispatch']).default('full'),
  /** Each step runs once per Kafka client, passed to the services as KAFKA_CLIENT; unset: the services' default (kafkajs). */
  KAFKA_CLIENTS: commaSeparated.pipe(z.array(z.string().refine(isKafkaClientName, `must be one of ${KAFKA_CLIENT_NAMES.join(', ')}`)).min(1)).optional(),
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
  KAFKA_DATA_DIR: z.string().default(resolve(repoRoot, '.run/kafka')),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/hotline'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  BENCH_PORT_OFFSET: z.coerce.number().int().default(2100),
  DRAIN_TIMEOUT_S: z.coerce.number().positive().default(120),
  /** Cases posted and finished before the first step, not reported. */
  WARMUP_CASES: z.coerce.number().int().positive().default(20),
  SIMULATED_WORKERS: z.coerce.number().int().positive().default(8),
  /** Connections the load generator keeps open to intake (keep-alive); more requests at once wait for one. */
  POST_CONNECTIONS: z.coerce.number().int().positive().default(256),
  /** When set, every service runs with --cpu-prof and writes its V8 CPU profile here when it stops. */
  CPU_PROFILE_DIR: z.string().optional(),
  LIMITS_FILE: z.string().default(resolve(repoRoot, '.run/bench/limits.json')),
  /** on: a server with autovacuum off gets it on for the run and back off after (see autovacuum.ts); as-is: left alone. */
  BENCH_AUTOVACUUM: z.enum(['on', 'as-is']).default('on'),
});
export type BenchSettings = z.infer<typeof benchSettingsSchema>;

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return benchSettingsSchema.parse(env);
}

export function casesPerStep(settings: BenchSettings, rate: number): number {
  return settings.DURATION === undefined ? settings.CASES : Math.max(1, Math.round(rate * settings.DURATION));
}

/** The services' own tuning variables (config schemas and service-process.ts) that the bench passes on to them. */
const SERVICE_TUNING = /^(INTAKE|CONSUMER|OUTBOX|KAFKA_(SESSION|HEARTBEAT|COMMIT)|DATABASE_(POOL|PREPARED)|OTEL|SERVICE|MALLOC|UV_THREADPOOL|API_KEY_CACHE|BEARER_TOKEN_CACHE)_/;

/** The service settings a run was given through its environment; everything else is at its default. */
export function describeServiceOverrides(env: NodeJS.ProcessEnv = process.env): string {
  const set = Object.keys(env)
    .filter((name) => SERVICE_TUNING.test(name) && env[name] !== undefined && env[name] !== '')
    .sort()
    .map((name) => `${name}=${env[name]}`);
  return set.length === 0 ? 'all at their defaults' : `${set.join(' ')} (the rest at their defaults)`;
}

export function describeSettings(settings: BenchSettings): string {
  const size = settings.DURATION === undefined ? `CASES=${settings.CASES}` : `DURATION=${settings.DURATION}s (cases = rate × duration)`;
  return [
    size,
    `RATES=${settings.RATES.join(',')}`,
    `FLOW=${settings.FLOW}`,
    `KAFKA_CLIENTS=${settings.KAFKA_CLIENTS?.join(',') ?? '(services’ default)'}`,
    settings.FLOW === 'full' ? `SIMULATED_WORKERS=${settings.SIMULATED_WORKERS}` : undefined,
    `POST_CONNECTIONS=${settings.POST_CONNECTIONS}`,
    `DRAIN_TIMEOUT_S=${settings.DRAIN_TIMEOUT_S}`,
    `KAFKA_BROKERS=${settings.KAFKA_BROKERS}`,
    settings.CPU_PROFILE_DIR ? `CPU_PROFILE_DIR=${settings.CPU_PROFILE_DIR}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
