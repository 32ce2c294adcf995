import { Client } from 'pg';

export type AutovacuumWanted = 'on' | 'as-is';

export interface AutovacuumForRun {
  /** What the run's settings line says of it. */
  describe: string;
  /** Puts the server's setting back as it was, if the bench changed it (safe to call twice). */
  restore(): Promise<void>;
}

const SETTLE_TIMEOUT_MS = 5_000;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForSetting(client: Client, value: 'on' | 'off'): Promise<boolean> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < until) {
    const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    if (rows[0]?.autovacuum === value) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * A production server vacuums and analyzes its tables as they change; a CI machine's server may not
 * (autovacuum = off). Without it the benchmark's tables are never analyzed while it runs: the plans
 * made when they were empty stay cached as they grow, and every update leaves a dead row, so the
 * database's cost per case rises with the length of the run (Postgres CPU per closed case 20.2 ms
 * with it off, 13.2 with it on, same 3 minutes at 40/s). With `wanted = 'on'` the bench turns it on
 * for the run (ALTER SYSTEM and a reload, which needs a superuser) and puts it back afterwards.
 */
export async function autovacuumForRun(url: string, wanted: AutovacuumWanted): Promise<AutovacuumForRun> {
  const unchanged = (describe: string): AutovacuumForRun => ({ describe, restore: () => Promise.resolve() });
  const current = await withClient(url, (client) =>
    client.query<{ setting: string; sourcefile: string | null }>(`SELECT setting, sourcefile FROM pg_settings WHERE name = 'autovacuum'`),
  );
  const { setting, sourcefile } = current.rows[0] ?? { setting: 'unknown', sourcefile: null };
  if (setting === 'on') return unchanged('autovacuum=on');
  const where = sourcefile ? ` (${sourcefile})` : '';
  if (wanted === 'as-is') return unchanged(`autovacuum=off as the server has it${where}: nothing is vacuumed or analyzed during the run`);
  // A value set by an earlier ALTER SYSTEM is put back as it was; otherwise the file's value comes back.
  const wasAltered = sourcefile?.endsWith('postgresql.auto.conf') ?? false;
  try {
    const isOn = await withClient(url, async (client) => {
      await client.query('ALTER SYSTEM SET autovacuum = on');
      await client.query('SELECT pg_reload_conf()');
      return waitForSetting(client, 'on');
    });
    if (!isOn) throw new Error(`the server did not take autovacuum=on within ${SETTLE_TIMEOUT_MS} ms of a reload`);
  } catch (err) {
    return unchanged(`autovacuum=off${where}, and the bench could not turn it on (${(err as Error).message}): nothing is vacuumed or analyzed during the run`);
  }
  let isRestored = false;
  return {
    describe: `autovacuum=on for this run (the server has it off${where}; put back afterwards; BENCH_AUTOVACUUM=as-is leaves it off)`,
    restore: async () => {
      if (isRestored) return;
      isRestored = true;
      await withClient(url, async (client) => {
        await client.query(wasAltered ? 'ALTER SYSTEM SET autovacuum = off' : 'ALTER SYSTEM RESET autovacuum');
        await client.query('SELECT pg_reload_conf()');
        await waitForSetting(client, 'off');
      });
    },
  };
}
