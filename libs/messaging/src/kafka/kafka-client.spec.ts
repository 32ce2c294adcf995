import type { Logger } from '@hotline/observability';
import { createKafka } from './kafka-client';

/** A logger that records the level of each line KafkaJS hands it. */
function recordingLogger(): { logger: Logger; lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (_fields: unknown, message: string) => lines.push({ level, message });
  const logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } as unknown as Logger;
  return { logger, lines };
}

describe('createKafka: KafkaJS log lines in the service logger', () => {
  it('keeps a fresh broker\'s loading coordinators (retried by KafkaJS) out of the error log, whether the message or the broker\'s error says so', () => {
    const { logger, lines } = recordingLogger();
    const kafkaLog = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'log-test', logger }).logger();
    kafkaLog.error('Response InitProducerId(key: 22, version: 4)', { error: "The coordinator is loading and hence can't process requests for this group" });
    kafkaLog.error('Response GroupCoordinator(key: 10, version: 2)', { error: 'The group coordinator is not available' });
    kafkaLog.warn('The group coordinator is not available', {});
    expect(lines.map((line) => line.level)).toEqual(['debug', 'debug', 'debug']);
  });

  it('logs a consumer restart as a warning: the crash before it carries the error, at its own level', () => {
    const { logger, lines } = recordingLogger();
    const kafkaLog = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'log-test', logger }).logger();
    kafkaLog.error('Crash: KafkaJSGroupCoordinatorNotFound: The group coordinator is not available', { groupId: 'g' });
    kafkaLog.error('Restarting the consumer in 200ms', { retryTime: 200, groupId: 'g' });
    kafkaLog.error('Crash: KafkaJSProtocolError: Broker: Message batch larger than segment', { groupId: 'g' });
    expect(lines.map((line) => line.level)).toEqual(['debug', 'warn', 'error']);
  });

  it('keeps every other KafkaJS error at error level', () => {
    const { logger, lines } = recordingLogger();
    const kafkaLog = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'log-test', logger }).logger();
    kafkaLog.error('Response Produce(key: 0, version: 7)', { error: 'The request included message batch larger than the configured segment size on the server' });
    kafkaLog.warn('Connection timeout', { broker: '127.0.0.1:1' });
    expect(lines).toEqual([
      { level: 'error', message: 'Response Produce(key: 0, version: 7)' },
      { level: 'warn', message: 'Connection timeout' },
    ]);
  });
});
