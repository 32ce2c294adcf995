import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource } from 'typeorm';
import { CHANNELS } from '@hotline/contracts';
import { TokenIssuer, findApiKey, findUser, isSecretMatch, issueApiKey, parseApiKey, upsertUser, type Role } from '@hotline/access';
import { loadIntakeConfig } from '../../config/intake-config';

/** One line of `.run/demo-credentials.json`. */
export interface DemoCredential {
  role: Role;
  agencyId?: string;
  regionCode?: string;
  username?: string;
  password?: string;
  token?: string;
  tokenExpiresAt?: string;
  apiKey?: string;
}

// Tokens in the file must outlive a day of demoing.
const DEMO_TOKEN_TTL_S = 36 * 3600;
const PASSWORD_HASHES_AT_ONCE = 4;
const CHAOYANG = '110105';
const DEMO_KEY_OPERATIONS = ['cases.create', 'cases.read', 'categories.read', 'agencies.read'];

interface DemoUser {
  username: string;
  role: Role;
  agencyId?: string;
  regionCode?: string;
}

const demoUsers = (unitIds: readonly string[]): DemoUser[] => [
  { username: 'demo-dispatcher', role: 'dispatcher' },
  { username: 'demo-follow-up', role: 'follow_up_operator' },
  { username: 'demo-inspector', role: 'inspector' },
  { username: 'demo-auditor', role: 'auditor' },
  { username: 'demo-supervisor-chaoyang', role: 'supervisor', regionCode: CHAOYANG },
  { username: 'demo-admin', role: 'admin' },
  { username: 'demo-arbitrator', role: 'arbitrator' },
  ...unitIds.map((agencyId) => ({ username: `unit-${agencyId}`, role: 'unit_operator' as const, agencyId })),
];

function readPrevious(file: string): DemoCredential[] {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCredential[]) : [];
  } catch {
    return [];
  }
}

/**
 * Seeds the demo principals and writes their credentials to DEMO_CREDENTIALS_FILE. Idempotent: a user
 * or key that the file and the database agree on is kept (argon2 is slow on purpose); tokens are
 * signed afresh on every run.
 */
export async function seedDemoPrincipals(dataSource: DataSource, unitIds: readonly string[]): Promise<string> {
  const config = loadIntakeConfig();
  const issuer = new TokenIssuer({ privateKeyFile: config.AUTH_TOKEN_PRIVATE_KEY_FILE, issuer: config.AUTH_TOKEN_ISSUER, audience: config.AUTH_TOKEN_AUDIENCE });
  const previous = readPrevious(config.DEMO_CREDENTIALS_FILE);
  const previousPassword = new Map(previous.filter((entry) => entry.username && entry.password).map((entry) => [entry.username, entry.password]));
  let created = 0;
  const seedUser = async (user: DemoUser): Promise<DemoCredential> => {
    const stored = await findUser(dataSource, user.username);
    let password = previousPassword.get(user.username);
    const isCurrent = stored !== undefined && password !== undefined && stored.roles.join() === user.role && (stored.agencyId ?? undefined) === user.agencyId;
    if (!isCurrent || !password) {
      password = randomBytes(12).toString('base64url');
      await upsertUser(dataSource, { username: user.username, password, roles: [user.role], agencyId: user.agencyId, regionCode: user.regionCode, isDemo: true });
      created += 1;
    }
    const { token, expiresAt } = await issuer.issue(
      { id: `user:${user.username}`, kind: 'user', roles: [user.role], ...(user.agencyId ? { agencyId: user.agencyId } : {}), ...(user.regionCode ? { regionCode: user.regionCode } : {}) },
      DEMO_TOKEN_TTL_S,
    );
    return {
      role: user.role,
      ...(user.agencyId ? { agencyId: user.agencyId } : {}),
      ...(user.regionCode ? { regionCode: user.regionCode } : {}),
      username: user.username,
      password,
      token,
      tokenExpiresAt: expiresAt.toISOString(),
    };
  };
  // argon2 hashes on libuv's thread pool: a few at once use every core on a fresh machine.
  const credentials: DemoCredential[] = [];
  const users = demoUsers(unitIds);
  for (let start = 0; start < users.length; start += PASSWORD_HASHES_AT_ONCE) {
    credentials.push(...(await Promise.all(users.slice(start, start + PASSWORD_HASHES_AT_ONCE).map(seedUser))));
  }
  credentials.unshift({ role: 'hotline_client', apiKey: await demoApiKey(dataSource, previous) });
  mkdirSync(dirname(config.DEMO_CREDENTIALS_FILE), { recursive: true });
  writeFileSync(config.DEMO_CREDENTIALS_FILE, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return `demo principals: ${credentials.length} (${created} passwords set), credentials in ${config.DEMO_CREDENTIALS_FILE}`;
}

async function demoApiKey(dataSource: DataSource, previous: readonly DemoCredential[]): Promise<string> {
  const earlier = previous.find((entry) => entry.role === 'hotline_client')?.apiKey;
  const parsed = earlier ? parseApiKey(earlier) : undefined;
  const stored = parsed ? await findApiKey(dataSource, parsed.keyId) : undefined;
  const isCurrent = stored && !stored.revokedAt && !stored.expiresAt && stored.operations.join() === DEMO_KEY_OPERATIONS.join();
  if (earlier && parsed && isCurrent && isSecretMatch(parsed.secret, stored.secretHash)) return earlier;
  const key = await issueApiKey(dataSource, {
    clientId: 'demo-hotline',
    roles: ['hotline_client'],
    scopes: { operations: DEMO_KEY_OPERATIONS, channels: [...CHANNELS] },
    isDemo: true,
  });
  return key.apiKey;
}
