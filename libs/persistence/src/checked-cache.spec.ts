import { CheckedCache, type CheckedSource } from './checked-cache';

/** A source whose version reads answer when the test says so, counting the reads of each kind. */
function slowSource() {
  const versionReads: Array<(version: string) => void> = [];
  const counts = { versions: 0, loads: 0 };
  const source: CheckedSource<string, string> = {
    version: () => {
      counts.versions += 1;
      return new Promise<string>((resolve) => versionReads.push(resolve));
    },
    load: (context, version) => {
      counts.loads += 1;
      return Promise.resolve(`${context}@${version}`);
    },
  };
  return { source, versionReads, counts };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CheckedCache', () => {
  it('trusts a value for ttlMs, then reads its version and loads it again only when that moved', async () => {
    let version = '1';
    let now = 0;
    const counts = { versions: 0, loads: 0 };
    const cache = new CheckedCache<string>(
      {
        version: () => ((counts.versions += 1), Promise.resolve(version)),
        load: (_, v) => ((counts.loads += 1), Promise.resolve(`value ${v}`)),
      },
      { ttlMs: 1_000, now: () => now },
    );
    expect(await cache.current()).toBe('value 1');
    now = 999;
    expect(await cache.current()).toBe('value 1');
    expect(counts).toEqual({ versions: 1, loads: 1 });
    now = 1_000;
    expect(await cache.current()).toBe('value 1');
    expect(counts).toEqual({ versions: 2, loads: 1 });
    version = '2';
    now = 2_000;
    expect(await cache.current()).toBe('value 2');
    expect(counts).toEqual({ versions: 3, loads: 2 });
  });

  it('checks again at once after invalidate, and does not trust a check that overlapped it', async () => {
    const { source, versionReads } = slowSource();
    const cache = new CheckedCache(source, { ttlMs: 1_000, now: () => 0 });

    const before = cache.current('tx1'); // a read started before a local change
    await flush();
    cache.invalidate(); // the change committed meanwhile
    versionReads[0]('1');
    expect(await before).toBe('tx1@1');

    const after = cache.current('tx2'); // must not trust the read that overlapped the change
    await flush();
    expect(versionReads).toHaveLength(2);
    versionReads[1]('2');
    expect(await after).toBe('tx2@2');
    expect(await cache.current('tx3')).toBe('tx2@2'); // this one is trusted
    expect(versionReads).toHaveLength(2);
  });

  it('with shareChecks, callers that find the value due wait for the one check that is running', async () => {
    const { source, versionReads, counts } = slowSource();
    const cache = new CheckedCache(source, { ttlMs: 1_000, shareChecks: true, now: () => 0 });
    const reads = [cache.current('a'), cache.current('b'), cache.current('c')];
    await flush();
    versionReads[0]('1');
    expect(await Promise.all(reads)).toEqual(['a@1', 'a@1', 'a@1']);
    expect(counts).toEqual({ versions: 1, loads: 1 });
  });

  it('without shareChecks, each caller checks through its own context', async () => {
    const { source, versionReads, counts } = slowSource();
    const cache = new CheckedCache(source, { ttlMs: 1_000, now: () => 0 });
    const a = cache.current('a');
    const b = cache.current('b');
    await flush();
    expect(versionReads).toHaveLength(2);
    versionReads[0]('1');
    expect(await a).toBe('a@1');
    versionReads[1]('1'); // the same version: b's check keeps what a loaded
    expect(await b).toBe('a@1');
    expect(counts).toEqual({ versions: 2, loads: 1 });
  });

  it('a failed check leaves the cache to check again on the next read', async () => {
    let fail = true;
    const cache = new CheckedCache<string>(
      { version: () => (fail ? Promise.reject(new Error('connection lost')) : Promise.resolve('1')), load: () => Promise.resolve('value') },
      { ttlMs: 1_000, shareChecks: true, now: () => 0 },
    );
    await expect(cache.current()).rejects.toThrow('connection lost');
    fail = false;
    expect(await cache.current()).toBe('value');
  });
});
