import { Client } from 'pg';

export interface DatabaseActivity {
  commits: number;
  rowsWritten: number;
}

/**
 * Commits and rows written in the bench's database, from pg_stat_database. Backends report their
 * counts about once a second, so a step's figures are close, not exact.
 */
export class DatabaseActivityMeter {
  private client: Client | undefined;

  constructor(private readonly databaseUrl: string) {}

  async serverVersion(): Promise<string> {
    const { rows } = await (await this.connect()).query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  }

  async read(): Promise<DatabaseActivity> {
    const { rows } = await (await this.connect()).query<{ commits: string; written: string }>(
      `SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS written
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { commits: Number(rows[0]?.commits ?? 0), rowsWritten: Number(rows[0]?.written ?? 0) };
  }

  private async connect(): Promise<Client> {
    if (!this.client) {
      this.client = new Client({ connectionString: this.databaseUrl, application_name: 'bench-stats' });
      await this.client.connect();
    }
    return this.client;
  }

  async close(): Promise<void> {
    await this.client?.end();
  }
}
