import { generateApiKey, type GeneratedApiKey } from './api-keys';
import { hashPassword } from './passwords';
import type { ApiKeyScopes, Role } from './principal';

/** Anything that runs SQL: a pg Client (rows in `.rows`) or a TypeORM DataSource/EntityManager (rows). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function rowsOf<T>(runner: SqlRunner, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = await runner.query(sql, parameters);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The shared `access` schema: people who sign in and machine clients' API keys. Owned by intake's migrations. */
export const ACCESS_SCHEMA = 'access';

export interface UserInput {
  username: string;
  password: string;
  roles: readonly Role[];
  agencyId?: string | undefined;
  regionCode?: string | undefined;
  isDemo?: boolean;
}

export interface UserRecord {
  username: string;
  passwordHash: string;
  roles: Role[];
  agencyId: string | null;
  regionCode: string | null;
  isDisabled: boolean;
}

/** Creates a user, or resets the password, roles and binding of an existing one. */
export async function upsertUser(runner: SqlRunner, input: UserInput): Promise<void> {
  await runner.query(
    `INSERT INTO access.users (username, password_hash, roles, agency_id, region_code, is_demo)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles,
       agency_id = EXCLUDED.agency_id, region_code = EXCLUDED.region_code, is_disabled = false, updated_at = now()`,
    [input.username, await hashPassword(input.password), input.roles, input.agencyId ?? null, input.regionCode ?? null, input.isDemo ?? false],
  );
}

export async function findUser(runner: SqlRunner, username: string): Promise<UserRecord | undefined> {
  const [row] = await rowsOf<UserRecord>(
    runner,
    `SELECT username, password_hash AS "passwordHash", roles, agency_id AS "agencyId", region_code AS "regionCode", is_disabled AS "isDisabled"
     FROM access.users WHERE username = $1`,
    [username],
  );
  return row;
}

export interface ApiKeyInput {
  clientId: string;
  roles: readonly Role[];
  scopes: ApiKeyScopes;
  expiresAt?: Date | undefined;
  isDemo?: boolean;
}

export interface ApiKeyRecord {
  keyId: string;
  clientId: string;
  secretHash: string;
  roles: Role[];
  operations: string[];
  channels: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export async function issueApiKey(runner: SqlRunner, input: ApiKeyInput): Promise<GeneratedApiKey> {
  const key = generateApiKey();
  await runner.query(
    `INSERT INTO access.api_keys (key_id, client_id, secret_hash, roles, operations, channels, expires_at, is_demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [key.keyId, input.clientId, key.secretHash, input.roles, input.scopes.operations, input.scopes.channels, input.expiresAt ?? null, input.isDemo ?? false],
  );
  return key;
}

/**
 * Issues a new key with the old one's client, roles and scopes. The old key stays valid until it is
 * revoked or expires (`graceUntil` sets that expiry), so a client can switch without downtime.
 */
export async function rotateApiKey(runner: SqlRunner, keyId: string, graceUntil?: Date): Promise<GeneratedApiKey | undefined> {
  const [old] = await rowsOf<ApiKeyRecord>(
    runner,
    `SELECT key_id AS "keyId", client_id AS "clientId", roles, operations, channels, expires_at AS "expiresAt"
     FROM access.api_keys WHERE key_id = $1 AND revoked_at IS NULL`,
    [keyId],
  );
  if (!old) return undefined;
  const key = await issueApiKey(runner, { clientId: old.clientId, roles: old.roles, scopes: { operations: old.operations, channels: old.channels } });
  await runner.query(
    `UPDATE access.api_keys SET rotated_at = now(), replaced_by = $2,
       expires_at = CASE WHEN $3::timestamptz IS NULL THEN expires_at ELSE LEAST(COALESCE(expires_at, $3::timestamptz), $3::timestamptz) END
     WHERE key_id = $1`,
    [keyId, key.keyId, graceUntil ?? null],
  );
  return key;
}

export async function revokeApiKey(runner: SqlRunner, keyId: string): Promise<boolean> {
  const rows = await rowsOf(runner, `UPDATE access.api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id`, [keyId]);
  return rows.length > 0;
}

export async function findApiKey(runner: SqlRunner, keyId: string): Promise<ApiKeyRecord | undefined> {
  const [row] = await rowsOf<ApiKeyRecord>(
    runner,
    `SELECT key_id AS "keyId", client_id AS "clientId", secret_hash AS "secretHash", roles, operations, channels,
            expires_at AS "expiresAt", revoked_at AS "revokedAt"
     FROM access.api_keys WHERE key_id = $1`,
    [keyId],
  );
  return row;
}
