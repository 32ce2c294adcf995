import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDefinition } from './service-catalogue';

export interface ServiceProcessOptions {
  name: ServiceDefinition['name'];
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

/** The V8 heap shape every service runs with, unless SERVICE_SEMI_SPACE_MB / SERVICE_HEAP_GROWING_PERCENT say otherwise. */
export const SERVICE_HEAP_DEFAULTS = { semiSpaceMb: 8, heapGrowingPercent: 30 } as const;

/**
 * Services whose young generation is smaller by default. intake holds every open HTTP request: at
 * 200 cases/s on the 2-core Intel machine it reached 194–214 MB RSS with 8 MB semi-spaces and 179–189
 * MB with 4, for 0.1–0.2 CPU ms more per case (docs/performance-log.md, "intake's young generation").
 */
export const SERVICE_SEMI_SPACE_MB: Readonly<Partial<Record<ServiceDefinition['name'], number>>> = { intake: 4 };

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, least: number, unit: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < least) throw new Error(`${name} must be a whole number of ${unit}, at least ${least} (got ${raw})`);
  return value;
}

/**
 * V8's heap for a service. Left to itself on a machine with gigabytes free, V8 grows each service's
 * young generation to 128 MB (two 64 MB semi-spaces) under load and lets the old generation reach
 * several times its live size before collecting it: measured at 60 cases/s, every service then held
 * 280–380 MB RSS although its live heap was 50–90 MB. So by default:
 * - `--max-semi-space-size=8` (`SERVICE_SEMI_SPACE_MB`): a 16 MB young generation. Scavenges cost
 *   what survives them, not the space's size; CPU per case did not change measurably. intake gets 4
 *   (an 8 MB young generation, the `SERVICE_SEMI_SPACE_MB` table above) unless the variable is set.
 * - `--heap-growing-percent=30` (`SERVICE_HEAP_GROWING_PERCENT`): the next full collection is due when
 *   the old generation has grown 30 % past what the last one kept. Not a cap: a service whose live heap
 *   grows (intake under a flood of connections) still gets the memory, it only collects more often.
 * - `SERVICE_HEAP_MB`, unset by default, is a hard cap (`--max-old-space-size`). Under the crash test's
 *   flood of ~2,000 open connections a 128 MB intake spent its time collecting garbage and missed its
 *   readiness probe: cap only with a bound on connections in front of intake.
 * These are command-line flags: NODE_OPTIONS may not carry `--heap-growing-percent`.
 */
export function serviceHeapArgs(env: NodeJS.ProcessEnv = process.env, service?: ServiceDefinition['name']): string[] {
  const defaultSemiSpaceMb = (service && SERVICE_SEMI_SPACE_MB[service]) ?? SERVICE_HEAP_DEFAULTS.semiSpaceMb;
  const semiSpaceMb = wholeNumber(env, 'SERVICE_SEMI_SPACE_MB', defaultSemiSpaceMb, 1, 'megabytes');
  const growingPercent = wholeNumber(env, 'SERVICE_HEAP_GROWING_PERCENT', SERVICE_HEAP_DEFAULTS.heapGrowingPercent, 10, 'percent');
  const args = [`--max-semi-space-size=${semiSpaceMb}`, `--heap-growing-percent=${growingPercent}`];
  if (env.SERVICE_HEAP_MB !== undefined && env.SERVICE_HEAP_MB !== '') {
    args.push(`--max-old-space-size=${wholeNumber(env, 'SERVICE_HEAP_MB', 0, 64, 'megabytes')}`);
  }
  return args;
}

/**
 * Node's on-disk compile cache (V8 code cache of every module a service loads, checked against each
 * file's contents, so a rebuilt dist/ is never run from stale code). A service loads about 2,300
 * modules. Booting all eight at once on a 2-core machine took 21.7 CPU s and 11.4 s until every one was
 * ready without it, 19.0 CPU s and 9.9 s with it (medians of five runs each, in turn). NODE_COMPILE_CACHE
 * set elsewhere wins; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
function compileCacheDir(repoRoot: string): string {
  return join(repoRoot, '.run/node-compile-cache');
}

/** Runs a service's compiled JavaScript (`npm run build` writes it to dist/), as `npm start` does. */
export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  if (!existsSync(join(options.repoRoot, options.main))) {
    throw new Error(`${options.main} does not exist: run \`npm run build\` first`);
  }
  const stdio = options.output === 'inherit' ? 'inherit' : 'pipe';
  // Source maps: stack traces name the TypeScript file and line.
  const child = spawn(process.execPath, [...serviceHeapArgs({ ...process.env, ...options.env }, options.name), ...(options.nodeArgs ?? []), options.main], {
    cwd: options.repoRoot,
    env: { NODE_COMPILE_CACHE: compileCacheDir(options.repoRoot), ...process.env, ...options.env, PORT: String(options.port) },
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
