import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { allPids, parentPid, pidListeningOn, processCommandLine, processName } from './proc';

/** Finds the broker, database server and cache processes on this machine, for CPU and memory figures. */

const isKafkaBroker = (pid: number) => processCommandLine(pid)?.includes('kafka.Kafka') ?? false;

/** The broker's pid: deploy/kafka/kafka.sh's pid file, else whoever listens on the broker's port. */
export function kafkaBrokerPid(options: { dataDir: string; port: number }): number | undefined {
  const pidFile = resolve(options.dataDir, 'kafka.pid');
  const fromFile = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
  if (Number.isInteger(fromFile) && isKafkaBroker(fromFile)) return fromFile;
  const listener = pidListeningOn(options.port);
  return listener !== undefined && isKafkaBroker(listener) ? listener : undefined;
}

/** The broker's version, from the kafka_<scala>-<version>.jar on its class path. */
export function kafkaBrokerVersion(pid: number | undefined): string {
  const commandLine = pid === undefined ? undefined : processCommandLine(pid);
  const classPath = commandLine?.match(/-cp (\S+)/)?.[1];
  if (!classPath) return 'unknown';
  for (const entry of classPath.split(':')) {
    const direct = entry.match(/kafka_[\d.]+-([\d.]+)\.jar$/)?.[1];
    if (direct) return direct;
    if (entry.endsWith('/*')) {
      try {
        for (const file of readdirSync(entry.slice(0, -2))) {
          const version = file.match(/^kafka_[\d.]+-([\d.]+)\.jar$/)?.[1];
          if (version) return version;
        }
      } catch {
        // not readable: try the next entry
      }
    }
  }
  return 'unknown';
}

export interface PostgresProcesses {
  /** The server and its helpers (checkpointer, WAL writer, …) and the backends of `database`. */
  ours: number[];
  /** Backends connected to other databases on the same server: other users' work. */
  otherDatabases: number[];
}

// A backend's title is "postgres: [cluster: ]user database host(port) state"; helpers have no host.
const BACKEND_TITLE = /^postgres: (?:\S+: )?\S+ (\S+) (?:\[local\]|\S+\(\d+\))/;

export function postgresProcesses(database: string): PostgresProcesses {
  const result: PostgresProcesses = { ours: [], otherDatabases: [] };
  for (const pid of allPids()) {
    if (processName(pid) !== 'postgres') continue;
    const backendDatabase = processCommandLine(pid)?.match(BACKEND_TITLE)?.[1];
    (backendDatabase === undefined || backendDatabase === database ? result.ours : result.otherDatabases).push(pid);
  }
  return result;
}

/** The postmaster, the one postgres process whose parent is not postgres; ended backends' CPU time lands on it. */
export function isPostmaster(pid: number): boolean {
  const parent = parentPid(pid);
  return processName(pid) === 'postgres' && (parent === undefined || processName(parent) !== 'postgres');
}

export function redisServerPids(port: number): number[] {
  return allPids().filter((pid) => processName(pid) === 'redis-server' && (processCommandLine(pid)?.includes(`:${port}`) ?? false));
}
