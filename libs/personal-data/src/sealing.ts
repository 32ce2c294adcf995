import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Encryption at rest of a reporter's name and phone (and of other secrets kept in a table, e.g. a
// webhook's signing key): AES-256-GCM (authenticated), one random 96-bit IV per value, the key named in
// the value so keys can be rotated: `v1:<keyId>:<iv>:<tag>:<ciphertext>`, each part base64url.

const FORMAT = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const KEY_BYTES = 32;
// Binds a ciphertext to its purpose and key id: the same key could not be used to pass one off as another.
const AAD_PREFIX = 'hotline.personal-data';

export interface PersonalDataKeys {
  /** keyId → 32-byte key. Old keys stay until every value has been re-encrypted to the active one. */
  keys: Readonly<Record<string, Buffer>>;
  activeKeyId: string;
}

export class PersonalDataError extends Error {
  constructor(
    readonly code: 'PERSONAL_DATA.UNKNOWN_KEY' | 'PERSONAL_DATA.MALFORMED' | 'PERSONAL_DATA.TAMPERED' | 'PERSONAL_DATA.BAD_KEYS',
    message: string,
  ) {
    super(message);
    this.name = 'PersonalDataError';
  }
}

/** Seals and opens personal data with a key ring; the active key seals, any key of the ring opens. */
export class PersonalDataCipher {
  constructor(private readonly ring: PersonalDataKeys) {
    for (const [keyId, key] of Object.entries(ring.keys)) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(keyId)) throw new PersonalDataError('PERSONAL_DATA.BAD_KEYS', `key id "${keyId}" must be [A-Za-z0-9_-]{1,64}`);
      if (key.length !== KEY_BYTES) throw new PersonalDataError('PERSONAL_DATA.BAD_KEYS', `key "${keyId}" must be ${KEY_BYTES} bytes, not ${key.length}`);
    }
    if (!ring.keys[ring.activeKeyId]) throw new PersonalDataError('PERSONAL_DATA.BAD_KEYS', `the active key "${ring.activeKeyId}" is not in the key ring`);
  }

  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  /**
   * `context`, when given, is bound as associated data (not stored): the value then opens only with the
   * same context, e.g. the row it belongs to, so it cannot be copied into another row.
   */
  seal(clear: string, context?: string): string {
    const keyId = this.ring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(keyId), iv);
    cipher.setAAD(aad(keyId, context));
    const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return [FORMAT, keyId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(':');
  }

  open(sealed: string, context?: string): string {
    const parts = sealed.split(':');
    const [format, keyId, iv, tag, ciphertext] = parts;
    if (parts.length !== 5 || format !== FORMAT || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new PersonalDataError('PERSONAL_DATA.MALFORMED', 'not a sealed personal-data value');
    }
    const decipher = createDecipheriv(ALGORITHM, this.key(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(keyId, context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataError('PERSONAL_DATA.TAMPERED', `a sealed value under key "${keyId}" failed authentication`);
    }
  }

  sealNullable(clear: string | null): string | null {
    return clear === null ? null : this.seal(clear);
  }

  openNullable(sealed: string | null): string | null {
    return sealed === null ? null : this.open(sealed);
  }

  /** Whether a stored value is already sealed with the active key (then re-encryption leaves it). */
  isSealedWithActiveKey(value: string): boolean {
    return value.startsWith(`${FORMAT}:${this.ring.activeKeyId}:`);
  }

  private key(keyId: string): Buffer {
    const key = this.ring.keys[keyId];
    if (!key) throw new PersonalDataError('PERSONAL_DATA.UNKNOWN_KEY', `no key "${keyId}" in the key ring`);
    return key;
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${FORMAT}:`);
}

// Without a context the associated data is what it always was, so values sealed before contexts still open.
// A key id has no ':', so the context cannot be confused with it.
function aad(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(`${AAD_PREFIX}:${FORMAT}:${keyId}${context === undefined ? '' : `:${context}`}`, 'utf8');
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}

export function newPersonalDataKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
