import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from 'pg';
import { parseApiKey } from '@hotline/access';
import { createLogger } from '@hotline/observability';
import { aCaseRequest, connectDatabase, startInProcess, testInfrastructure, testServiceEnv, type InProcessService } from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../..');

/** The compiled command, as `npm run api-keys` runs it, against the test database. */
async function apiKeys(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [resolve(repoRoot, 'dist/tools/access/api-keys.js'), ...args], {
    env: { ...process.env, DATABASE_URL: testInfrastructure.databaseUrl },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('npm run api-keys: issue, rotate and revoke a machine client key', () => {
  let intake: InProcessService;
  let db: Client;

  beforeAll(async () => {
    // No key cache, so every request sees the key's current state.
    const config = loadIntakeConfig(testServiceEnv({ API_KEY_CACHE_TTL_MS: '0' }));
    intake = await startInProcess({ service: 'intake', appModule: AppModule.register(config, createLogger('intake', 'fatal')) });
    db = await connectDatabase();
  });

  afterAll(async () => {
    await intake?.close();
    await db?.end();
  });

  const submit = (apiKey: string, channel = 'phone') =>
    fetch(`${intake.url}/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(aCaseRequest({ channel })) });

  it('issues a key that works within its scopes, rotates it with a grace period, and revokes it', async () => {
    const client = `cli-test-${Date.now()}`;
    const issued = await apiKeys('issue', '--client', client, '--role', 'hotline_client', '--operation', 'cases.create', '--channel', 'phone');
    const apiKey = issued['apiKey'] as string;
    expect(apiKey).toMatch(/^hk_[0-9a-f]{16}_/);
    // Stored hashed: the secret is nowhere in the table.
    const { rows } = await db.query<{ secret_hash: string }>('SELECT secret_hash FROM access.api_keys WHERE key_id = $1', [issued['keyId']]);
    // The secret is base64url, so it may itself hold '_' (and begin with one): parsed as the service parses it.
    const secret = parseApiKey(apiKey)?.secret;
    expect(secret).toHaveLength(43);
    expect(rows[0]?.secret_hash).not.toContain(secret);

    expect((await submit(apiKey)).status).toBe(202);
    expect((await submit(apiKey, 'web')).status).toBe(403);

    const rotated = await apiKeys('rotate', issued['keyId'] as string, '--grace-hours', '1');
    expect(rotated['replaces']).toBe(issued['keyId']);
    expect((await submit(rotated['apiKey'] as string)).status).toBe(202);
    expect((await submit(apiKey)).status).toBe(202);

    await apiKeys('revoke', issued['keyId'] as string);
    expect((await submit(apiKey)).status).toBe(401);
    expect((await submit(rotated['apiKey'] as string)).status).toBe(202);
  });

  it('refuses an unknown role with a message and exit code 2', async () => {
    await expect(apiKeys('issue', '--client', 'x', '--role', 'superuser')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown role: superuser') });
  });
});
