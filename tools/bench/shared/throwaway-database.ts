import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';

/**
 * A bench run on a database of its own: created on the server `serverUrl` names, handed to `run` with a
 * connected client and its URL, and dropped afterwards, whatever `run` did.
 */
export async function withThrowawayDatabase<T>(serverUrl: string, name: string, run: (db: Client, url: string) => Promise<T>): Promise<T> {
  const database = `hotline_bench_${name}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const db = new Client({ connectionString: url.toString() });
  try {
    await db.connect();
    return await run(db, url.toString());
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    await admin.end();
  }
}

/** "machine: <cpu> × <cores>, <RAM> GiB, Node <version>, PostgreSQL <version>", the line a bench starts with. */
export async function machineLine(db: Client): Promise<string> {
  const version = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  return `machine: ${cpus()[0]?.model.trim() ?? 'cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL ${version}`;
}
