import type { EntityManager } from 'typeorm';
import { SupervisionReferenceCache } from './reference-data.cache';

/** A manager whose version query answers when the test says so; every other read returns no rows. */
function fakeManager() {
  const versionReads: Array<(version: string) => void> = [];
  const manager = {
    query: (sql: string) =>
      sql.includes('reference_data_version')
        ? new Promise<Array<{ version: string }>>((resolve) => versionReads.push((version) => resolve([{ version }])))
        : Promise.resolve([]),
  } as unknown as EntityManager;
  return { manager, versionReads };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SupervisionReferenceCache', () => {
  it('checks the version again after a local change that committed while a read was running', async () => {
    const { manager, versionReads } = fakeManager();
    const cache = new SupervisionReferenceCache(1_000, () => 0);

    const before = cache.current(manager); // the timer worker's read, started before the change
    await flush();
    cache.invalidate(); // a PUT committed meanwhile
    versionReads[0]('1');
    expect((await before).version).toBe('1');

    const after = cache.current(manager); // the next event: must not trust the read that overlapped the change
    await flush();
    expect(versionReads).toHaveLength(2);
    versionReads[1]('2');
    expect((await after).version).toBe('2');
  });

  it('trusts a read for ttlMs when nothing changed locally meanwhile', async () => {
    const { manager, versionReads } = fakeManager();
    const cache = new SupervisionReferenceCache(1_000, () => 0);
    const first = cache.current(manager);
    await flush();
    versionReads[0]('1');
    await first;
    expect((await cache.current(manager)).version).toBe('1');
    expect(versionReads).toHaveLength(1);
  });
});
