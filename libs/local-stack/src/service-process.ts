import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceProcessOptions {
  name: string;
  /** Compiled entry file relative to `repoRoot` (the catalogue's `main`). */
  main: string;
  port: number;
  repoRoot: string;
  env?: Record<string, string>;
  /** Node options NODE_OPTIONS may not carry, before the entry file (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** Where stdout/stderr go; `inherit` prints them, a folder gets `<name>.log`. */
  output: 'inherit' | { logDir: string };
}

export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves once /health/ready answers 200; rejects if the process exits first or time runs out. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL now: a crash. */
  kill(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * V8's heap for a service, when SERVICE_HEAP_MB asks for a cap (`--max-old-space-size`, with 4 MB
 * semi-spaces). Not capped by default: at 40–100 cases/s a cap of 128 MB held every service near or
 * under 200 MB RSS (uncapped, V8 let intake grow to 350–550 MB), but under the crash test's flood of
 * ~2,000 open connections a capped intake spent its time collecting garbage and never answered its
 * readiness probe. A cap needs a bound on intake's connections first.
 */
export function serviceHeapArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.SERVICE_HEAP_MB === undefined || env.SERVICE_HEAP_MB === '') return [];
  const heapMb = Number(env.SERVICE_HEAP_MB);
  if (!Number.isInteger(heapMb) || heapMb < 64) throw new Error(`SERVICE_HEAP_MB must be a whole number of megabytes, at least 64 (got ${env.SERVICE_HEAP_MB})`);
  return [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=4'];
}

/** Runs a service's compiled JavaScript (`npm run build` writes it to dist/), as `npm start` does. */
export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  if (!existsSync(join(options.repoRoot, options.main))) {
    throw new Error(`${options.main} does not exist: run \`npm run build\` first`);
  }
  const stdio = options.output === 'inherit' ? 'inherit' : 'pipe';
  // Source maps: stack traces name the TypeScript file and line.
  const child = spawn(process.execPath, [...serviceHeapArgs({ ...process.env, ...options.env }), ...(options.nodeArgs ?? []), options.main], {
    cwd: options.repoRoot,
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', stdio, stdio],
  });
  if (options.output !== 'inherit') {
    mkdirSync(options.output.logDir, { recursive: true });
    const log = createWriteStream(join(options.output.logDir, `${options.name}.log`), { flags: 'a' });
    // Two sources, one file: neither may end it (the first to close would, and the other's next write
    // would then throw 'write after end' in the parent); it ends when the process has exited.
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('close', () => log.end());
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const url = `http://127.0.0.1:${options.port}`;

  return {
    name: options.name,
    port: options.port,
    url,
    child,
    async waitUntilReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (hasExited) throw new Error(`${options.name} exited with code ${child.exitCode} before it was ready`);
        try {
          const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
          if (response.ok) return;
        } catch {
          // not listening yet
        }
        await sleep(250);
      }
      throw new Error(`${options.name} was not ready on ${url} within ${timeoutMs} ms`);
    },
    async stop(graceMs = 15_000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (hasExited) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
