import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@hotline/contracts';
import { testInfrastructure } from './test-infrastructure';

export interface DeadLetter {
  key: string | null;
  value: string;
  reason: string;
  consumer: string;
}

export interface DeadLetterWatch {
  /** Dead letters written since the watch started. */
  readonly received: DeadLetter[];
  stop(): Promise<void>;
}

/** Reads the dead-letter topic from its current end, so a test sees only what it caused. */
export async function watchDeadLetters(): Promise<DeadLetterWatch> {
  const kafka = new Kafka({ clientId: 'test-dlq-reader', brokers: testInfrastructure.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.caseEventsDlq);
  await admin.disconnect();
  // kafkajs's stop waits out the fetch in flight: with its default 5 s long poll every watch cost 5 s.
  const consumer: Consumer = kafka.consumer({ groupId: `test-dlq-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const received: DeadLetter[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.caseEventsDlq, fromBeginning: false });
  await consumer.run({
    eachMessage: ({ message }) => {
      received.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        reason: message.headers?.['dlq-reason']?.toString() ?? '',
        consumer: message.headers?.['dlq-consumer']?.toString() ?? '',
      });
      return Promise.resolve();
    },
  });
  // kafkajs creates the consumer group inside run's unawaited start: on a loaded machine seek can come
  // first and throw "consumer#run must be called first" (seen in CI). Try again until the group exists.
  for (const deadline = Date.now() + 30_000; ; ) {
    try {
      for (const { partition, offset } of ends) consumer.seek({ topic: TOPICS.caseEventsDlq, partition, offset });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { received, stop: () => consumer.disconnect() };
}
