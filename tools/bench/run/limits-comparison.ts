import { SERVICE_DEFINITIONS } from '@hotline/local-stack';
import { formatNumber } from '../shared/latency';
import type { Limits } from '../shared/limits-file';
import { formatTable } from '../shared/table';
import type { StepResult } from './step';

// Every service has a consumer group on the case-event topic, and each group fetches every event (a
// service skips the types it does not handle by their header, after the fetch).
const CONSUMING_SERVICES = SERVICE_DEFINITIONS.length;

const percent = (value: number, limit: number) => (limit > 0 ? `${formatNumber((100 * value) / limit, value / limit < 0.1 ? 1 : 0)} %` : '—');

/** A step's load on Kafka and Postgres beside this machine's raw limits for the same work. */
export function formatAgainstLimits(result: StepResult, limits: Limits): string {
  const casesPerSecond = result.load.acceptedPerSecond;
  const eventsPerSecond = casesPerSecond * result.eventsPerCase;
  const bestProduce = limits.kafka.produce.reduce((best, run) => (run.messagesPerSecond > best.messagesPerSecond ? run : best));
  const { oneEventPerTransaction: single, batched } = limits.postgres;
  const { commitsPerSecond, rowsWrittenPerSecond } = result.database;
  const rows = [
    [
      'Kafka produce',
      `${casesPerSecond.toFixed(1)} cases/s × ${result.eventsPerCase.toFixed(1)} events = ${formatNumber(eventsPerSecond)} msg/s`,
      `${formatNumber(bestProduce.messagesPerSecond)} msg/s (${bestProduce.producers} producer${bestProduce.producers > 1 ? 's' : ''})`,
      percent(eventsPerSecond, bestProduce.messagesPerSecond),
    ],
    [
      'Kafka consume',
      `${formatNumber(eventsPerSecond)} msg/s × ${CONSUMING_SERVICES} consuming services = ${formatNumber(eventsPerSecond * CONSUMING_SERVICES)} msg/s`,
      `${formatNumber(limits.kafka.consumeAndDecode.messagesPerSecond)} msg/s (consume + decode, one consumer)`,
      percent(eventsPerSecond * CONSUMING_SERVICES, limits.kafka.consumeAndDecode.messagesPerSecond),
    ],
    [
      'Postgres commits',
      `${formatNumber(commitsPerSecond)} commits/s (pg_stat_database)`,
      `${formatNumber(single.transactionsPerSecond)} commits/s (one event per transaction)`,
      percent(commitsPerSecond, single.transactionsPerSecond),
    ],
    [
      'Postgres rows',
      `${formatNumber(rowsWrittenPerSecond)} rows written/s`,
      `${formatNumber(single.rowsPerSecond)} rows/s unbatched`,
      percent(rowsWrittenPerSecond, single.rowsPerSecond),
    ],
    ['', '', `${formatNumber(batched.rowsPerSecond)} rows/s batched (${batched.eventsPerTransaction} events per transaction)`, percent(rowsWrittenPerSecond, batched.rowsPerSecond)],
  ];
  return formatTable(['against the limits', 'this step', `this machine's limit (measured ${limits.measuredAt.slice(0, 16)})`, 'used'], rows, '  ');
}
