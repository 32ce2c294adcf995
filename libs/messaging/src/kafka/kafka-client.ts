import { Kafka, Partitioners, logLevel, type ITopicConfig, type LogEntry, type Producer } from 'kafkajs';
import type { TopicSpec } from '@hotline/contracts';
import type { Logger } from '@hotline/observability';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

// KafkaJS warns about these on every start although they are expected here: the producer's retries
// are bounded on purpose (the outbox retries for ever), and a fresh broker loads its coordinators (which
// KafkaJS logs as an error of the request, "Response InitProducerId(…)", with the broker's error beside it,
// and retries).
const EXPECTED_NOISE = [
  /Limiting retries for the idempotent producer/,
  /coordinator is loading/i,
  /group coordinator is not available/i,
  /KafkaJS v2.0.0 switched default partitioner/,
];

// KafkaJS logs its own recovery as an error: the crash that caused it is logged just before, at its own
// level (debug when it is one of the expected ones above, such as a fresh broker's coordinator).
const RECOVERY = [/^Restarting the consumer in \d+ms/];

/** KafkaJS with its log lines routed into the service's structured logger. */
export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 5_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        const { message, ...extra } = log;
        const brokerError = typeof extra['error'] === 'string' ? extra['error'] : '';
        const isKnownNoise = EXPECTED_NOISE.some((pattern) => pattern.test(message) || pattern.test(brokerError));
        const isRecovery = RECOVERY.some((pattern) => pattern.test(message));
        options.logger[isKnownNoise ? 'debug' : isRecovery ? 'warn' : (LEVELS[level] ?? 'info')]({ kafka: { namespace, ...extra } }, message);
      },
  });
}

/** Creates missing topics with their partition counts (broker auto-creation is off). */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = specs
      .filter((spec) => !existing.has(spec.name))
      .map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: 1,
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      }));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    return missing.map((topic) => topic.topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * An idempotent producer with one request in flight, so broker retries never duplicate or reorder a
 * case's events. The default (murmur2, Java-compatible) partitioner keeps a caseId on one partition.
 */
export function createOrderedProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
