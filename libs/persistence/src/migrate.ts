import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** Creates the database named in `url` when it is missing (connects to the `postgres` database). */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const databaseName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][\w-]*$/.test(databaseName)) throw new Error(`unsupported database name "${databaseName}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (found.rowCount) return 'exists';
    try {
      await client.query(`CREATE DATABASE "${databaseName}"`);
    } catch (err) {
      // Two services preparing at once: the loser sees duplicate_database.
      if ((err as { code?: string }).code !== '42P04') throw err;
    }
    return 'created';
  } finally {
    await client.end();
  }
}

/** Runs the pending migrations of one service schema, serialised across processes by an advisory lock. */
export async function migrateSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}
