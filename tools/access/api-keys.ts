// API keys for machine clients (hotline systems, unit integrations): issue, rotate, revoke, list.
// Keys are shown once, when issued; only a SHA-256 of the secret is stored (access.api_keys).
// Usage (DATABASE_URL as the services use it):
//   npm run api-keys -- issue --client hotline-east --role hotline_client --operation cases.create --operation cases.read --channel phone --channel web [--expires 2027-06-30]
//   npm run api-keys -- rotate <keyId> [--grace-hours 24]     new key with the same client, roles and scopes; the old one expires after the grace
//   npm run api-keys -- revoke <keyId>
//   npm run api-keys -- list
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { isRole, issueApiKey, revokeApiKey, rotateApiKey, rowsOf, type Role } from '@hotline/access';

const USAGE = `usage: npm run api-keys -- issue --client <id> --role <role>… --operation <op>… --channel <channel>… [--expires <ISO date>]
       npm run api-keys -- rotate <keyId> [--grace-hours <hours>]
       npm run api-keys -- revoke <keyId>
       npm run api-keys -- list`;

function fail(message: string): never {
  console.error(`api-keys: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      client: { type: 'string' },
      role: { type: 'string', multiple: true },
      operation: { type: 'string', multiple: true },
      channel: { type: 'string', multiple: true },
      expires: { type: 'string' },
      'grace-hours': { type: 'string' },
    },
  });
  const [command, keyId] = positionals;
  const db = new Client({ connectionString: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline', application_name: 'hotline-api-keys' });
  await db.connect();
  try {
    switch (command) {
      case 'issue': {
        const roles = values.role ?? [];
        const invalid = roles.filter((role) => !isRole(role));
        if (!values.client || roles.length === 0 || invalid.length > 0) fail(invalid.length ? `unknown role: ${invalid.join(', ')}` : 'issue needs --client and --role');
        const expiresAt = values.expires ? new Date(values.expires) : undefined;
        if (expiresAt && Number.isNaN(expiresAt.getTime())) fail(`--expires is not a date: ${values.expires}`);
        const key = await issueApiKey(db, {
          clientId: values.client,
          roles: roles as Role[],
          scopes: { operations: values.operation ?? [], channels: values.channel ?? [] },
          expiresAt,
        });
        console.log(JSON.stringify({ keyId: key.keyId, apiKey: key.apiKey, note: 'shown once: store it now' }, null, 2));
        return;
      }
      case 'rotate': {
        if (!keyId) fail('rotate needs a keyId');
        const graceHours = Number(values['grace-hours'] ?? 24);
        if (!Number.isFinite(graceHours) || graceHours < 0) fail(`--grace-hours must be a number of hours ≥ 0`);
        const graceUntil = new Date(Date.now() + graceHours * 3_600_000);
        const key = await rotateApiKey(db, keyId, graceUntil);
        if (!key) fail(`no active key ${keyId}`);
        console.log(JSON.stringify({ keyId: key.keyId, apiKey: key.apiKey, replaces: keyId, oldKeyValidUntil: graceUntil.toISOString(), note: 'shown once: store it now' }, null, 2));
        return;
      }
      case 'revoke': {
        if (!keyId) fail('revoke needs a keyId');
        if (!(await revokeApiKey(db, keyId))) fail(`no active key ${keyId}`);
        console.log(JSON.stringify({ keyId, revoked: true, note: 'services stop accepting it within API_KEY_CACHE_TTL_MS' }, null, 2));
        return;
      }
      case 'list': {
        const rows = await rowsOf(
          db,
          `SELECT key_id AS "keyId", client_id AS "clientId", roles, operations, channels, created_at AS "createdAt",
                  expires_at AS "expiresAt", rotated_at AS "rotatedAt", replaced_by AS "replacedBy", revoked_at AS "revokedAt"
             FROM access.api_keys ORDER BY created_at`,
        );
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      default:
        fail(command ? `unknown command: ${command}` : 'a command is needed');
    }
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  console.error(`api-keys: ${(err as Error).message}`);
  process.exit(1);
});
