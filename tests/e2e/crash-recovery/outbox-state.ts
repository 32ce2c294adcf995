import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Client } from 'pg';

export interface OutboxState {
  schema: string;
  /** Rows written but not yet published, and how long the oldest has waited. */
  unpublished: number;
  oldestUnpublishedSeconds: number | null;
  /**
   * The session holding the schema's relay lock (only its holder publishes): none, a connection of this
   * test process (an in-process service's relay that outlived its test), or of another process.
   */
  relayLock: 'free' | { heldBy: 'this test process' | 'another process'; state: string | null; since: string };
}

/**
 * Each schema's outbox as the database sees it: a case stuck before the next service while that service's
 * group has no lag was never published, and the relay lock says whose relay should have.
 */
export async function outboxStates(db: Client, schemas: readonly string[]): Promise<OutboxState[]> {
  return Promise.all(
    schemas.map(async (schema) => {
      const [backlog] = (
        await db.query<{ unpublished: number; oldest: number | null }>(
          `SELECT count(*)::int AS unpublished, extract(epoch FROM now() - min(created_at))::int AS oldest FROM "${schema}".outbox WHERE published_at IS NULL`,
        )
      ).rows;
      // pg_try_advisory_lock(hashtext(...)): one bigint key, shown as classid (high half) and objid (low half).
      const [holder] = (
        await db.query<{ client_port: number | null; state: string | null; backend_start: Date }>(
          `SELECT a.client_port, a.state, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.objid = (hashtext($1)::bigint & 4294967295)::text::oid`,
          [`outbox-relay:${schema}`],
        )
      ).rows;
      return {
        schema,
        unpublished: backlog?.unpublished ?? 0,
        oldestUnpublishedSeconds: backlog?.oldest ?? null,
        relayLock: holder
          ? { heldBy: holder.client_port !== null && isOwnSocket(holder.client_port) ? 'this test process' : 'another process', state: holder.state, since: holder.backend_start.toISOString() }
          : 'free',
      };
    }),
  );
}

/** Whether a TCP connection from this local port is one of this process's sockets (Linux /proc; false elsewhere). */
function isOwnSocket(localPort: number): boolean {
  try {
    const portHex = localPort.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields[1]?.endsWith(`:${portHex}`)) inodes.add(fields[9] ?? '');
      }
    }
    return readdirSync('/proc/self/fd').some((fd) => {
      try {
        const target = readlinkSync(`/proc/self/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
