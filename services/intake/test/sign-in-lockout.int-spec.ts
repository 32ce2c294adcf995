import { randomUUID } from 'node:crypto';
import { LimitsStore } from '@hotline/nest-platform';
import { createLogger } from '@hotline/observability';
import { testInfrastructure } from '@hotline/testing';
import { SignInLockout } from '../src/sign-in/sign-in-lockout';

// Against the real Redis: the counts must be shared by every replica of intake.
describe('intake: sign-in lockout (real Redis)', () => {
  const logger = createLogger('sign-in-lockout-test', process.env['TEST_LOG_LEVEL'] ?? 'fatal');
  const store = new LimitsStore({ redisUrl: testInfrastructure.redisUrl, service: 'intake-test', failMode: 'open', logger, commandTimeoutMs: 5_000 });
  const settings = { maxFailuresPerAddress: 3, maxFailuresPerUser: 5, windowSeconds: 60 };
  const lockoutOf = () => new SignInLockout(store, `test-${randomUUID()}`, settings);

  // The store has no offline queue (a Redis outage must cost a request milliseconds): wait until it is up.
  beforeAll(async () => {
    expect(await store.whenConnected(10_000)).toBe(true);
  });

  afterAll(async () => {
    await store.close();
  });

  it('locks a username out from an address after its failures there, and a second replica sees it', async () => {
    const prefix = `test-${randomUUID()}`;
    const [replicaA, replicaB] = [new SignInLockout(store, prefix, settings), new SignInLockout(store, prefix, settings)];
    for (let i = 0; i < 2; i += 1) await replicaA.recordFailure('dispatcher-1', '10.0.0.1');
    expect(await replicaB.check('dispatcher-1', '10.0.0.1')).toEqual({ isLocked: false });
    await replicaB.recordFailure('Dispatcher-1 ', '10.0.0.1');
    const locked = await replicaA.check('dispatcher-1', '10.0.0.1');
    expect(locked).toMatchObject({ isLocked: true });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another address, and another username, are not locked.
    expect(await replicaA.check('dispatcher-1', '10.0.0.2')).toEqual({ isLocked: false });
    expect(await replicaA.check('dispatcher-2', '10.0.0.1')).toEqual({ isLocked: false });
  });

  it('locks a username out everywhere after failures from many addresses (password spraying)', async () => {
    const lockout = lockoutOf();
    for (let i = 0; i < 5; i += 1) await lockout.recordFailure('auditor-1', `10.0.1.${i}`);
    expect(await lockout.check('auditor-1', '10.0.2.99')).toMatchObject({ isLocked: true });
  });

  it('clears the address count on a success', async () => {
    const lockout = lockoutOf();
    for (let i = 0; i < 2; i += 1) await lockout.recordFailure('operator-1', '10.0.0.1');
    await lockout.recordSuccess('operator-1', '10.0.0.1');
    for (let i = 0; i < 2; i += 1) await lockout.recordFailure('operator-1', '10.0.0.1');
    expect(await lockout.check('operator-1', '10.0.0.1')).toEqual({ isLocked: false });
  });

  it('cannot tell when Redis does not answer, and says so', async () => {
    const unreachable = new LimitsStore({ redisUrl: 'redis://127.0.0.1:1', service: 'intake-test', failMode: 'closed', logger, commandTimeoutMs: 200 });
    try {
      expect(await unreachable.whenConnected(300)).toBe(false);
      const lockout = new SignInLockout(unreachable, `test-${randomUUID()}`, settings);
      await lockout.recordFailure('nobody', '10.0.0.1');
      expect(await lockout.check('nobody', '10.0.0.1')).toEqual({ isLocked: 'unknown' });
      expect(lockout.failMode).toBe('closed');
      expect(unreachable.isAvailable).toBe(false);
    } finally {
      await unreachable.close();
    }
  });
});
