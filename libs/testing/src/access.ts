import { resolve } from 'node:path';
import { TokenIssuer, ensureSigningKeyFiles, type Principal, type Role } from '@hotline/access';

const REPO_ROOT = resolve(__dirname, '../../..');
// The same local key pair that prepare creates and the services under test verify with.
const KEY_FILES = {
  privateKeyFile: resolve(REPO_ROOT, process.env['AUTH_TOKEN_PRIVATE_KEY_FILE'] ?? '.run/auth/token-signing.private.pem'),
  publicKeyFile: resolve(REPO_ROOT, process.env['AUTH_TOKEN_PUBLIC_KEY_FILE'] ?? '.run/auth/token-signing.public.pem'),
};

let issuer: TokenIssuer | undefined;

/** A bearer token as the built-in sign-in would issue it, for any principal a test needs. */
export async function tokenFor(principal: Omit<Principal, 'scopes' | 'kind'> & { kind?: Principal['kind'] }): Promise<string> {
  if (!issuer) {
    ensureSigningKeyFiles(KEY_FILES);
    issuer = new TokenIssuer({ privateKeyFile: KEY_FILES.privateKeyFile, issuer: 'hotline-intake', audience: 'hotline' });
  }
  return (await issuer.issue({ kind: 'user', ...principal }, 3600)).token;
}

/** Headers that act as one role (bound to a unit or region when the role needs it). */
export async function actAs(role: Role, binding: { agencyId?: string; regionCode?: string } = {}): Promise<Record<string, string>> {
  const id = `user:test-${role}${binding.agencyId ? `-${binding.agencyId}` : ''}${binding.regionCode ? `-${binding.regionCode}` : ''}`;
  return { authorization: `Bearer ${await tokenFor({ id, roles: [role], ...binding })}` };
}

/** A unit operator of `agencyId`: the only role that signs and reports back. */
export const actAsUnit = (agencyId: string): Promise<Record<string, string>> => actAs('unit_operator', { agencyId });

/**
 * What the harness sends when a test names no credentials: the hotline centre's desk roles, which
 * may submit cases, read the record and make follow-up calls, but act for no unit.
 */
export async function defaultTestHeaders(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor({ id: 'user:test-harness', roles: ['dispatcher', 'auditor', 'follow_up_operator'] })}` };
}
