import { readFileSync } from 'node:fs';
import type { ServiceProcess } from '@hotline/local-stack';
import { isPostmaster, kafkaBrokerPid, postgresProcesses, redisServerPids, type PostgresProcesses } from '../shared/infrastructure-processes';
import type { ProcessGroup } from './resource-monitor';
import type { BenchSettings } from './settings';

/** A broker younger than this reads Kafka markedly slower (its JVM is still compiling): docs/performance-log.md. */
const WARM_BROKER_S = 300;

/** Seconds since a process started (/proc, whose clock ticks are always USER_HZ = 100); undefined if unreadable. */
function secondsSinceStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) start at the third; starttime is the 22nd.
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Number.isFinite(startTicks) && Number.isFinite(uptime) ? uptime - startTicks / 100 : undefined;
  } catch {
    return undefined;
  }
}

function brokerNote(pid: number): string {
  const age = secondsSinceStart(pid);
  if (age === undefined) return `broker pid ${pid}`;
  const up = age < 120 ? `${Math.round(age)} s` : `${Math.round(age / 60)} min`;
  return age < WARM_BROKER_S ? `broker pid ${pid}, up ${up} ⚠ cold: compare runs on a broker up ${WARM_BROKER_S / 60} min or more` : `broker pid ${pid}, up ${up}`;
}

/** Looks the Postgres processes up at most once per sample for both of its groups. */
function postgresLookup(database: string): () => PostgresProcesses {
  let cached: { at: number; value: PostgresProcesses } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), value: postgresProcesses(database) };
    return cached.value;
  };
}

/** The processes whose CPU and memory the bench reports: the eight services, broker, database, cache and itself. */
export function benchProcessGroups(settings: BenchSettings, services: readonly ServiceProcess[]): { groups: ProcessGroup[]; missing: string[] } {
  const missing: string[] = [];
  const groups: ProcessGroup[] = services.map((service) => ({
    name: service.name,
    kind: 'service',
    pids: () => (service.child.pid === undefined ? [] : [service.child.pid]),
    memoryField: 'VmRSS',
    isOurs: true,
  }));
  const kafkaPort = Number(settings.KAFKA_BROKERS.split(',')[0]?.split(':')[1]);
  const kafkaPid = kafkaBrokerPid({ dataDir: settings.KAFKA_DATA_DIR, port: kafkaPort });
  if (kafkaPid === undefined) missing.push(`Kafka broker (no live pid in ${settings.KAFKA_DATA_DIR}/kafka.pid, nothing local on port ${kafkaPort})`);
  else groups.push({ name: 'kafka', kind: 'infrastructure', note: brokerNote(kafkaPid), pids: () => [kafkaPid], memoryField: 'VmRSS', isOurs: true });

  const database = new URL(settings.DATABASE_URL).pathname.slice(1);
  const postgres = postgresLookup(database);
  if (postgres().ours.length === 0) missing.push('PostgreSQL (no local postgres processes)');
  groups.push(
    {
      name: 'postgres',
      kind: 'infrastructure',
      note: `server, its helpers and ${database}'s backends; RSS = private memory`,
      pids: () => postgres().ours,
      memoryField: 'RssAnon',
      isOurs: true,
    },
    {
      name: 'postgres, ended',
      kind: 'infrastructure',
      note: 'backends of any database that ended during the step (ours are pooled); not in the total',
      pids: () => postgres().ours.filter(isPostmaster),
      cpu: 'reapedChildren',
      isOurs: false,
    },
    {
      name: 'postgres, other dbs',
      kind: 'infrastructure',
      note: "other users' backends on the shared server; not in the total",
      pids: () => postgres().otherDatabases,
      memoryField: 'RssAnon',
      isOurs: false,
    },
  );
  const redisPort = Number(new URL(settings.REDIS_URL).port || 6379);
  if (redisServerPids(redisPort).length === 0) missing.push(`Redis (no local redis-server on port ${redisPort})`);
  groups.push({ name: 'redis', kind: 'infrastructure', note: 'the server is shared with other users', pids: () => redisServerPids(redisPort), memoryField: 'VmRSS', isOurs: true });
  groups.push({ name: 'bench', kind: 'bench', note: 'this process: load generator, case watcher, simulated clerks', pids: () => [process.pid], memoryField: 'VmRSS', isOurs: true });
  return { groups, missing };
}
