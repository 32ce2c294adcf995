import type { SqlRunner } from './access-store';

/** The `access` schema's tables; run by the owning service's migration (intake). */
export async function createAccessTables(runner: SqlRunner): Promise<void> {
  await runner.query(`CREATE SCHEMA IF NOT EXISTS access`);
  await runner.query(`
    CREATE TABLE access.users (
      username text PRIMARY KEY,
      password_hash text NOT NULL,
      roles text[] NOT NULL,
      agency_id text,
      region_code text,
      is_disabled boolean NOT NULL DEFAULT false,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await runner.query(`
    CREATE TABLE access.api_keys (
      key_id text PRIMARY KEY,
      client_id text NOT NULL,
      -- SHA-256 of the key's random secret; the key itself is shown once, when issued.
      secret_hash text NOT NULL,
      roles text[] NOT NULL,
      operations text[] NOT NULL,
      channels text[] NOT NULL,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      rotated_at timestamptz,
      replaced_by text REFERENCES access.api_keys (key_id),
      revoked_at timestamptz
    )`);
  await runner.query(`CREATE INDEX api_keys_client ON access.api_keys (client_id)`);
}

export async function dropAccessTables(runner: SqlRunner): Promise<void> {
  await runner.query(`DROP SCHEMA access CASCADE`);
}
