// A consumer for the crash test, run as its own process so that the test can SIGKILL it mid-batch.
// It handles records one at a time, committing after each, prints each handled offset, and hangs
// (as if stuck in a handler) once it has handled STALL_AFTER records.
import { createLogger } from '@hotline/observability';
import { createEventBus, isKafkaClientName } from '../src';

const { CLIENT = '', TOPIC = '', GROUP_ID = '', KAFKA_BROKERS = '127.0.0.1:9092', STALL_AFTER = '8' } = process.env;
if (!isKafkaClientName(CLIENT) || !TOPIC || !GROUP_ID) throw new Error('CLIENT, TOPIC and GROUP_ID are required');

const bus = createEventBus({ client: CLIENT, brokers: KAFKA_BROKERS.split(','), clientId: 'crash-target', logger: createLogger('crash-target', 'fatal') });
const consumer = bus.createConsumer({ groupId: GROUP_ID, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, autoCommitIntervalMs: 0 });
let handled = 0;

void consumer.start({
  topic: TOPIC,
  fromBeginning: true,
  partitionsConsumedConcurrently: 1,
  eachBatch: async (batch) => {
    for (const message of batch.messages) {
      if (handled >= Number(STALL_AFTER)) {
        process.stdout.write('stalled\n');
        await new Promise(() => undefined);
      }
      handled += 1;
      batch.resolveOffset(message.offset);
      await batch.commitOffsetsIfNecessary();
      process.stdout.write(`handled ${message.offset}\n`);
    }
  },
});
