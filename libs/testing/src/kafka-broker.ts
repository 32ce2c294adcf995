import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { testInfrastructure } from './test-infrastructure';

const REPO_ROOT = resolve(__dirname, '../../..');
const KAFKA_SCRIPT = resolve(REPO_ROOT, 'deploy/kafka/kafka.sh');
const run = promisify(execFile);

function brokerAddress(): { host: string; port: number } {
  const first = testInfrastructure.kafkaBrokers[0] ?? '127.0.0.1:9092';
  const separator = first.lastIndexOf(':');
  return { host: first.slice(0, separator), port: Number(first.slice(separator + 1)) };
}

function answers({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((settle) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const done = (isOpen: boolean) => {
      socket.destroy();
      settle(isOpen);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function kafkaScript(command: 'start' | 'stop'): Promise<void> {
  const { port } = brokerAddress();
  // The same script and port the test setup (deploy/local/lib.sh, ensure_kafka) started it with;
  // KAFKA_CONTROLLER_PORT and KAFKA_DATA_DIR come through the environment as they did then.
  await run('bash', [KAFKA_SCRIPT, command], { env: { ...process.env, KAFKA_PORT: String(port) }, timeout: 150_000 });
}

/**
 * The real broker the tests use (the first of KAFKA_BROKERS), stopped and started with
 * deploy/kafka/kafka.sh as the test setup started it. Only a broker that script started from this
 * checkout can be stopped; any other fails loudly rather than being left running unnoticed.
 */
export const kafkaBroker = {
  async stop(): Promise<void> {
    await kafkaScript('stop');
    if (await answers(brokerAddress())) {
      const { host, port } = brokerAddress();
      throw new Error(`Kafka at ${host}:${port} still answers after kafka.sh stop: it was not started by this checkout's deploy/kafka/kafka.sh`);
    }
  },

  async start(): Promise<void> {
    await kafkaScript('start');
    if (!(await answers(brokerAddress()))) throw new Error('Kafka does not answer after kafka.sh start');
  },
};
