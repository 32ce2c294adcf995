import { VerifiedTokens } from './verified-tokens';

const principal = { id: 'user:a', kind: 'user' as const, roles: ['auditor' as const] };
const now = 1_800_000_000_000;

describe('VerifiedTokens', () => {
  it('keeps a token until the earlier of its expiry and the cache time', () => {
    const tokens = new VerifiedTokens({ ttlMs: 60_000 });
    tokens.remember('a', principal, now / 1000 + 10, now);
    tokens.remember('b', principal, undefined, now);
    expect(tokens.find('a', now + 9_999)).toBe(principal);
    expect(tokens.find('a', now + 10_000)).toBeUndefined();
    expect(tokens.find('b', now + 59_999)).toBe(principal);
    expect(tokens.find('b', now + 60_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('does not keep a token already expired, nor anything with a cache time of 0', () => {
    const tokens = new VerifiedTokens({ ttlMs: 60_000 });
    tokens.remember('a', principal, now / 1000, now);
    expect(tokens.find('a', now)).toBeUndefined();
    const off = new VerifiedTokens({ ttlMs: 0 });
    off.remember('a', principal, undefined, now);
    expect(off.find('a', now)).toBeUndefined();
  });

  it('makes room by dropping the oldest token', () => {
    const tokens = new VerifiedTokens({ ttlMs: 60_000, maxEntries: 2 });
    tokens.remember('a', principal, undefined, now);
    tokens.remember('b', principal, undefined, now);
    tokens.remember('c', principal, undefined, now);
    expect(tokens.size).toBe(2);
    expect(tokens.find('a', now)).toBeUndefined();
    expect(tokens.find('b', now)).toBe(principal);
    expect(tokens.find('c', now)).toBe(principal);
  });
});
