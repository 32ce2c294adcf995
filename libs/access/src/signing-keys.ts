import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const TOKEN_ALGORITHM = 'ES256';

/**
 * Local development only: creates the ES256 key pair that intake signs tokens with (private) and every
 * service verifies them with (public), unless both files exist. Deployments mount their own.
 */
export function ensureSigningKeyFiles(paths: { privateKeyFile: string; publicKeyFile: string }): 'created' | 'exists' {
  if (existsSync(paths.privateKeyFile) && existsSync(paths.publicKeyFile)) return 'exists';
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  mkdirSync(dirname(paths.privateKeyFile), { recursive: true });
  mkdirSync(dirname(paths.publicKeyFile), { recursive: true });
  writeFileSync(paths.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(paths.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return 'created';
}
