import type { ServiceProcess } from '@hotline/local-stack';
import { isPostmaster, kafkaBrokerPid, postgresProcesses, redisServerPids, type PostgresProcesses } from '../shared/infrastructure-processes';
import type { ProcessGroup } from './resource-monitor';
import type { BenchSettings } from './settings';

/** Looks the Postgres processes up at most once per sample for both of its groups. */
function postgresLookup(database: string): () => PostgresProcesses {
  let cached: { at: number; value: PostgresProcesses } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), value: postgresProcesses(database) };
    return cached.value;
  };
}

/** The processes whose CPU and memory the bench reports: the seven services, broker, database, cache and itself. */
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
  else groups.push({ name: 'kafka', kind: 'infrastructure', note: `broker pid ${kafkaPid}`, pids: () => [kafkaPid], memoryField: 'VmRSS', isOurs: true });

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
