import { basename, resolve } from 'node:path';
import { SERVICE_DEFINITIONS, buildWorkspaceOnce, startServiceProcess, type ServiceDefinition, type ServiceProcess } from '@hotline/local-stack';
import { testServiceEnv } from './test-infrastructure';

export type ServiceName = ServiceDefinition['name'];

const REPO_ROOT = resolve(__dirname, '../../..');
// Away from the ports `npm start` uses, so tests can run beside a developer's stack; E2E_PORT_OFFSET
// moves them again when two checkouts test on one machine.
const E2E_PORT_OFFSET = Number(process.env['E2E_PORT_OFFSET'] ?? 1100);

/**
 * Where the running test file's services write their logs: `.run/test-logs/<file>/<service>.log`, so that a
 * failed file's logs are its own (`npm test` prints a digest of them when a file fails).
 */
function logDirOfCurrentTest(): string {
  const logs = resolve(REPO_ROOT, '.run/test-logs');
  const testPath = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath;
  // The same name tools/testing/log-digest.ts gives a failed file.
  return testPath ? resolve(logs, basename(testPath).replace(/\.(e2e|int)-spec\.ts$/, '')) : logs;
}

/** The seven services as real processes, as `npm start` runs them, for end-to-end and crash tests. */
export class E2eStack {
  private readonly processes = new Map<ServiceName, ServiceProcess>();

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  url(name: ServiceName): string {
    const definition = SERVICE_DEFINITIONS.find((service) => service.name === name);
    if (!definition) throw new Error(`unknown service ${name}`);
    return `http://127.0.0.1:${definition.port + E2E_PORT_OFFSET}`;
  }

  async startAll(): Promise<void> {
    await Promise.all(SERVICE_DEFINITIONS.map((service) => this.start(service.name)));
  }

  async start(name: ServiceName): Promise<void> {
    const definition = SERVICE_DEFINITIONS.find((service) => service.name === name);
    if (!definition) throw new Error(`unknown service ${name}`);
    // The processes run dist/; a test run straight after an edit must not start the previous build.
    buildWorkspaceOnce(REPO_ROOT);
    const service = startServiceProcess({
      name,
      main: definition.main,
      port: definition.port + E2E_PORT_OFFSET,
      repoRoot: REPO_ROOT,
      // The processes log to files, not the test's console: warnings and errors by default (E2E_LOG_LEVEL).
      env: testServiceEnv({ OTEL_BSP_SCHEDULE_DELAY: '200', LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn', ...this.extraEnv }),
      output: { logDir: logDirOfCurrentTest() },
    });
    this.processes.set(name, service);
    // Six services booting at once on a busy 2-core machine can take over a minute and a half.
    await service.waitUntilReady(180_000);
  }

  /** Services whose process has exited since it was started (crashed, unless the test stopped it). */
  exited(): ServiceName[] {
    return [...this.processes.entries()].filter(([, process]) => process.child.exitCode !== null || process.child.signalCode !== null).map(([name]) => name);
  }

  /** SIGKILL: the process dies mid-work, without shutdown hooks. */
  async crash(name: ServiceName): Promise<void> {
    await this.processes.get(name)?.kill();
    this.processes.delete(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.processes.values()].map((process) => process.stop()));
    this.processes.clear();
  }
}
