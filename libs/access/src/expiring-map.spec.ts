import { ExpiringMap } from './expiring-map';

const principal = { id: 'user:a', kind: 'user' as const, roles: ['auditor' as const] };
const now = 1_800_000_000_000;

describe('ExpiringMap', () => {
  it('keeps an entry until the earlier of its own expiry and the cache time', () => {
    const tokens = new ExpiringMap<typeof principal>({ ttlMs: 60_000 });
    tokens.set('a', principal, now + 10_000, now);
    tokens.set('b', principal, undefined, now);
    expect(tokens.find('a', now + 9_999)).toEqual({ value: principal });
    expect(tokens.find('a', now + 10_000)).toBeUndefined();
    expect(tokens.find('b', now + 59_999)).toEqual({ value: principal });
    expect(tokens.find('b', now + 60_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('does not keep an entry already expired, nor anything with a cache time of 0', () => {
    const tokens = new ExpiringMap<typeof principal>({ ttlMs: 60_000 });
    tokens.set('a', principal, now, now);
    expect(tokens.find('a', now)).toBeUndefined();
    const off = new ExpiringMap<typeof principal>({ ttlMs: 0 });
    off.set('a', principal, undefined, now);
    expect(off.find('a', now)).toBeUndefined();
  });

  it('keeps an undefined value apart from a missing entry', () => {
    const keys = new ExpiringMap<string | undefined>({ ttlMs: 60_000 });
    keys.set('unknown', undefined, undefined, now);
    expect(keys.find('unknown', now)).toEqual({ value: undefined });
    expect(keys.find('never-looked-up', now)).toBeUndefined();
  });

  it('makes room by dropping the oldest entry', () => {
    const tokens = new ExpiringMap<typeof principal>({ ttlMs: 60_000, maxEntries: 2 });
    tokens.set('a', principal, undefined, now);
    tokens.set('b', principal, undefined, now);
    tokens.set('c', principal, undefined, now);
    expect(tokens.size).toBe(2);
    expect(tokens.find('a', now)).toBeUndefined();
    expect(tokens.find('b', now)).toEqual({ value: principal });
    expect(tokens.find('c', now)).toEqual({ value: principal });
  });
});
