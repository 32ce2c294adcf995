import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// `hk_<keyId>_<secret>`: the key id finds the row, the secret (256 random bits) is only kept as a
// SHA-256 hash. A fast hash is enough for a random secret; passwords get argon2.
const KEY_PATTERN = /^hk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  keyId: string;
  /** The whole key, shown once to whoever issues it. */
  apiKey: string;
  secretHash: string;
}

export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, apiKey: `hk_${keyId}_${secret}`, secretHash: hashApiKeySecret(secret) };
}

export function parseApiKey(apiKey: string): { keyId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(apiKey);
  return match ? { keyId: match[1], secret: match[2] } : undefined;
}

export function isSecretMatch(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
