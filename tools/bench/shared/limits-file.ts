import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { percentilesSchema } from './latency';
import { machineSchema } from './machine';

/** `.run/bench/limits.json`: this machine's raw limits, written by `npm run bench:limits`, read by `npm run bench`. */

const produceSchema = z.object({
  producers: z.number(),
  batchSize: z.number(),
  messages: z.number(),
  seconds: z.number(),
  messagesPerSecond: z.number(),
  megabytesPerSecond: z.number(),
  batchLatencyMs: percentilesSchema,
});

const consumeSchema = z.object({ messages: z.number(), seconds: z.number(), messagesPerSecond: z.number() });

const postgresWritesSchema = z.object({
  clients: z.number(),
  eventsPerTransaction: z.number(),
  transactions: z.number(),
  seconds: z.number(),
  transactionsPerSecond: z.number(),
  eventsPerSecond: z.number(),
  rowsPerSecond: z.number(),
  commitLatencyMs: percentilesSchema,
});

export const limitsSchema = z.object({
  measuredAt: z.string(),
  machine: machineSchema,
  settings: z.record(z.string(), z.union([z.string(), z.number()])),
  kafka: z.object({
    topicPartitions: z.number(),
    consumerPartitionsAtOnce: z.number(),
    averageMessageBytes: z.number(),
    produce: z.array(produceSchema).min(1),
    consume: consumeSchema,
    consumeAndDecode: consumeSchema,
    decodeOnly: z.object({ messagesPerSecond: z.number() }),
  }),
  postgres: z.object({
    serverSettings: z.record(z.string(), z.string()),
    oneEventPerTransaction: postgresWritesSchema,
    batched: postgresWritesSchema,
  }),
});
export type Limits = z.infer<typeof limitsSchema>;
export type ProduceLimit = z.infer<typeof produceSchema>;
export type ConsumeLimit = z.infer<typeof consumeSchema>;
export type PostgresWritesLimit = z.infer<typeof postgresWritesSchema>;

export function writeLimits(path: string, limits: Limits): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(limits, null, 2)}\n`);
}

/** The limits file, or why it cannot be used. */
export function readLimits(path: string): { ok: true; limits: Limits } | { ok: false; reason: string } {
  if (!existsSync(path)) return { ok: false, reason: `${path} does not exist` };
  try {
    const parsed = limitsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? { ok: true, limits: parsed.data } : { ok: false, reason: `${path} has an older or broken shape: ${parsed.error.message}` };
  } catch (err) {
    return { ok: false, reason: `${path} is not JSON: ${(err as Error).message}` };
  }
}
