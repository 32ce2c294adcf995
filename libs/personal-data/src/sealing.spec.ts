import { randomBytes } from 'node:crypto';
import { PersonalDataCipher, PersonalDataError, isSealed } from './sealing';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('PersonalDataCipher', () => {
  it('seals a value into a versioned envelope naming its key, and opens it again', () => {
    const cipher = new PersonalDataCipher({ keys: { k1 }, activeKeyId: 'k1' });
    const sealed = cipher.seal('13800000000');
    expect(sealed).toMatch(/^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('13800000000');
    expect(isSealed(sealed)).toBe(true);
    expect(cipher.open(sealed)).toBe('13800000000');
    expect(cipher.open(cipher.seal('张三'))).toBe('张三');
  });

  it('never produces the same envelope twice for one value', () => {
    const cipher = new PersonalDataCipher({ keys: { k1 }, activeKeyId: 'k1' });
    expect(cipher.seal('张三')).not.toBe(cipher.seal('张三'));
  });

  it('opens values of an older key after rotation, and seals with the active one', () => {
    const before = new PersonalDataCipher({ keys: { k1 }, activeKeyId: 'k1' });
    const after = new PersonalDataCipher({ keys: { k1, k2 }, activeKeyId: 'k2' });
    const old = before.seal('张三');
    expect(after.open(old)).toBe('张三');
    expect(after.isSealedWithActiveKey(old)).toBe(false);
    expect(after.isSealedWithActiveKey(after.seal('张三'))).toBe(true);
  });

  it('refuses a tampered ciphertext, a swapped key id and an unknown key', () => {
    const cipher = new PersonalDataCipher({ keys: { k1, k2 }, activeKeyId: 'k1' });
    const [format, keyId, iv, tag, ciphertext] = cipher.seal('13800000000').split(':') as [string, string, string, string, string];
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.open([format, keyId, iv, tag, flipped.toString('base64url')].join(':'))).toThrow(PersonalDataError);
    expect(() => cipher.open([format, 'k2', iv, tag, ciphertext].join(':'))).toThrow(/failed authentication/);
    expect(() => cipher.open([format, 'k9', iv, tag, ciphertext].join(':'))).toThrow(/no key "k9"/);
    expect(() => cipher.open('13800000000')).toThrow(/not a sealed/);
  });

  it('opens a value sealed with a context only with that same context', () => {
    const cipher = new PersonalDataCipher({ keys: { k1 }, activeKeyId: 'k1' });
    const sealed = cipher.seal('whsec_abc', 'execution.webhook_subscriptions.secret:s-1');
    expect(cipher.open(sealed, 'execution.webhook_subscriptions.secret:s-1')).toBe('whsec_abc');
    expect(() => cipher.open(sealed, 'execution.webhook_subscriptions.secret:s-2')).toThrow(/failed authentication/);
    expect(() => cipher.open(sealed)).toThrow(/failed authentication/);
    expect(() => cipher.open(cipher.seal('whsec_abc'), 'execution.webhook_subscriptions.secret:s-1')).toThrow(/failed authentication/);
  });

  it('refuses a key ring with a short key or a missing active key', () => {
    expect(() => new PersonalDataCipher({ keys: { k1: randomBytes(16) }, activeKeyId: 'k1' })).toThrow(/32 bytes/);
    expect(() => new PersonalDataCipher({ keys: { k1 }, activeKeyId: 'k2' })).toThrow(/not in the key ring/);
  });
});
