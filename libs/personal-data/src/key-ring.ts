import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PersonalDataCipher, PersonalDataError, newPersonalDataKey } from './sealing';

/** The environment of a service that holds personal data (merged into its zod env schema). */
export const personalDataEnvShape = {
  /** secret: JSON `{"<keyId>":"<base64 of 32 bytes>", …}`; unset, the keys come from PERSONAL_DATA_KEYS_FILE. */
  PERSONAL_DATA_KEYS: z.string().min(1).optional(),
  /** The key that seals new values; unset, the file's `activeKeyId`. */
  PERSONAL_DATA_ACTIVE_KEY_ID: z.string().min(1).optional(),
  /** secret: local development's key file, `{"activeKeyId": …, "keys": {…}}`, created by npm start. */
  PERSONAL_DATA_KEYS_FILE: z.string().min(1).default('.run/personal-data/keys.json'),
};
export interface PersonalDataEnv {
  PERSONAL_DATA_KEYS?: string | undefined;
  PERSONAL_DATA_ACTIVE_KEY_ID?: string | undefined;
  PERSONAL_DATA_KEYS_FILE: string;
}

const keyFileSchema = z.object({ activeKeyId: z.string().min(1).optional(), keys: z.record(z.string(), z.string()) });
const keysSchema = z.record(z.string(), z.string());

/** The key ring from config: PERSONAL_DATA_KEYS if set, else the key file. */
export function personalDataCipherFrom(env: PersonalDataEnv): PersonalDataCipher {
  let keys: Record<string, string>;
  let activeKeyId = env.PERSONAL_DATA_ACTIVE_KEY_ID;
  if (env.PERSONAL_DATA_KEYS) {
    keys = parseJson(keysSchema, env.PERSONAL_DATA_KEYS, 'PERSONAL_DATA_KEYS');
  } else {
    if (!existsSync(env.PERSONAL_DATA_KEYS_FILE)) {
      throw new PersonalDataError('PERSONAL_DATA.BAD_KEYS', `neither PERSONAL_DATA_KEYS nor the key file ${env.PERSONAL_DATA_KEYS_FILE} is there`);
    }
    const file = parseJson(keyFileSchema, readFileSync(env.PERSONAL_DATA_KEYS_FILE, 'utf8'), env.PERSONAL_DATA_KEYS_FILE);
    keys = file.keys;
    activeKeyId ??= file.activeKeyId;
  }
  activeKeyId ??= Object.keys(keys).at(-1);
  if (!activeKeyId) throw new PersonalDataError('PERSONAL_DATA.BAD_KEYS', 'the key ring is empty');
  return new PersonalDataCipher({
    keys: Object.fromEntries(Object.entries(keys).map(([keyId, key]) => [keyId, Buffer.from(key, 'base64')])),
    activeKeyId,
  });
}

/**
 * Local development only: creates the key file with one fresh key unless it exists, like the token
 * signing keys under .run/auth/. Deployments set PERSONAL_DATA_KEYS from their secret store.
 */
export function ensurePersonalDataKeyFile(path: string): 'created' | 'exists' {
  if (existsSync(path)) return 'exists';
  mkdirSync(dirname(path), { recursive: true });
  const keyId = `local-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  writeFileSync(path, `${JSON.stringify({ activeKeyId: keyId, keys: { [keyId]: newPersonalDataKey() } }, null, 2)}\n`, { mode: 0o600 });
  return 'created';
}

function parseJson<T>(schema: z.ZodType<T>, text: string, source: string): T {
  try {
    return schema.parse(JSON.parse(text));
  } catch {
    throw new PersonalDataError('PERSONAL_DATA.BAD_KEYS', `${source} is not a valid personal-data key ring`);
  }
}
