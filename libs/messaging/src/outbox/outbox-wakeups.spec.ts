import type { EntityManager } from 'typeorm';
import { needsNotify, registerLocalRelay, wakeRelayAfterCommit } from './outbox-wakeups';

function aRelay(isPublishing: boolean) {
  const relay = {
    isPublishing,
    wakeUps: 0,
    wakeUp: () => {
      relay.wakeUps += 1;
    },
  };
  return relay;
}

/** A manager outside any transaction: its statements commit as they return. */
const autocommit = { queryRunner: undefined } as unknown as EntityManager;

describe('outbox wake-ups within a process', () => {
  it('needs a NOTIFY only while no relay in this process publishes the schema', () => {
    expect(needsNotify('wakeups_a')).toBe(true);
    const waiting = aRelay(false);
    const unregisterWaiting = registerLocalRelay('wakeups_a', waiting);
    expect(needsNotify('wakeups_a')).toBe(true);
    const publishing = aRelay(true);
    const unregister = registerLocalRelay('wakeups_a', publishing);
    expect(needsNotify('wakeups_a')).toBe(false);
    expect(needsNotify('wakeups_b')).toBe(true);
    unregister();
    expect(needsNotify('wakeups_a')).toBe(true);
    unregisterWaiting();
  });

  it('wakes the publishing relay of the written schema at once after a statement outside a transaction', () => {
    const publishing = aRelay(true);
    const waiting = aRelay(false);
    const other = aRelay(true);
    const unregister = [registerLocalRelay('wakeups_c', publishing), registerLocalRelay('wakeups_c', waiting), registerLocalRelay('wakeups_d', other)];
    wakeRelayAfterCommit(autocommit, 'wakeups_c');
    expect([publishing.wakeUps, waiting.wakeUps, other.wakeUps]).toEqual([1, 0, 0]);
    unregister.forEach((done) => done());
    wakeRelayAfterCommit(autocommit, 'wakeups_c');
    expect(publishing.wakeUps).toBe(1);
  });
});
