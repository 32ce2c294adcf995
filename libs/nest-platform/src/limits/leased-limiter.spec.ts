import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedLimiter, RateLimitRefusal, leaseSizeFor, type SharedCount } from './leased-limiter';

/** rate-limiter-flexible's own in-memory count (the same counting as in Redis), with its commands counted. */
function sharedCount(limit: number): SharedCount & { commands: number } {
  const memory = new RateLimiterMemory({ points: limit, duration: 60 });
  const counted = {
    commands: 0,
    consume(key: string, points: number) {
      counted.commands += 1;
      return memory.consume(key, points);
    },
  };
  return counted;
}

async function outcomes(limiter: LeasedLimiter, key: string, requests: number): Promise<Array<'allowed' | 'refused'>> {
  const results: Array<'allowed' | 'refused'> = [];
  for (let i = 0; i < requests; i += 1) {
    results.push(
      await limiter.take(key).then(
        () => 'allowed' as const,
        (err: unknown) => {
          if (err instanceof RateLimitRefusal) return 'refused' as const;
          throw err;
        },
      ),
    );
  }
  return results;
}

const count = (results: string[], outcome: string) => results.filter((result) => result === outcome).length;

describe('leaseSizeFor', () => {
  it('takes 1 % of the limit, at least 1 and at most the maximum', () => {
    expect([3, 199, 200, 600, 60_000, 10_000_000].map((limit) => leaseSizeFor(limit, 50))).toEqual([1, 1, 2, 6, 50, 50]);
    expect(leaseSizeFor(60_000, 1)).toBe(1);
  });
});

describe('LeasedLimiter', () => {
  it('lets exactly the limit through, asking the shared count once per lease', async () => {
    const shared = sharedCount(500);
    const limiter = new LeasedLimiter(shared, 500, 5);
    const results = await outcomes(limiter, 'client|POST /v1/cases', 520);
    expect(count(results, 'allowed')).toBe(500);
    expect(results.slice(500)).toEqual(Array(20).fill('refused'));
    // 100 leases of 5, one more that found the limit reached; the refusals after it are answered from memory.
    expect(shared.commands).toBe(101);
  });

  it('never lets more than the limit through across replicas, and a lease that finds fewer points gives only those', async () => {
    const shared = sharedCount(10);
    const first = new LeasedLimiter(shared, 10, 4);
    const second = new LeasedLimiter(shared, 10, 4);
    expect(await outcomes(first, 'k', 8)).toEqual(Array(8).fill('allowed'));
    // 8 of 10 counted: the second replica's lease of 4 finds 2.
    expect(await outcomes(second, 'k', 4)).toEqual(['allowed', 'allowed', 'refused', 'refused']);
    expect(await outcomes(first, 'k', 3)).toEqual(['refused', 'refused', 'refused']);
  });

  it('loses at most a lease less one per other replica when a client moves between replicas', async () => {
    const shared = sharedCount(100);
    const replicas = [new LeasedLimiter(shared, 100, 5), new LeasedLimiter(shared, 100, 5), new LeasedLimiter(shared, 100, 5)];
    let allowed = 0;
    for (let i = 0; i < 150; i += 1) {
      const replica = replicas[i % 3];
      allowed += await replica.take('k').then(
        () => 1,
        () => 0,
      );
    }
    expect(allowed).toBeLessThanOrEqual(100);
    expect(allowed).toBeGreaterThanOrEqual(100 - 2 * 4);
  });

  it('counts down what it reports as remaining', async () => {
    const limiter = new LeasedLimiter(sharedCount(20), 20, 5);
    const remaining: number[] = [];
    for (let i = 0; i < 7; i += 1) remaining.push((await limiter.take('k')).remaining);
    expect(remaining).toEqual([19, 18, 17, 16, 15, 14, 13]);
  });

  it('shares one renewal between concurrent requests for a key', async () => {
    const shared = sharedCount(1_000);
    const limiter = new LeasedLimiter(shared, 1_000, 5);
    const answers = await Promise.all(Array.from({ length: 12 }, () => limiter.take('k')));
    expect(answers).toHaveLength(12);
    expect(shared.commands).toBe(3);
    expect(new Set(answers.map((answer) => answer.remaining)).size).toBe(12);
  });

  it('ends a lease with its window: the next request asks again, and a refusal lasts only until then', async () => {
    let now = 1_000_000;
    const calls: number[] = [];
    let isOver = false;
    const shared: SharedCount = {
      consume(_key, points) {
        calls.push(points);
        // rate-limiter-flexible rejects with a RateLimiterRes over the limit, not an Error.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (isOver) return Promise.reject(Object.assign(new RateLimiterRes(0, 30_000, 1_000 + points), { consumedPoints: 1_000 + points }));
        return Promise.resolve(Object.assign(new RateLimiterRes(100, 30_000, points), { consumedPoints: points }));
      },
    };
    const limiter = new LeasedLimiter(shared, 1_000, 10, () => now);
    await limiter.take('k');
    now += 29_999;
    await limiter.take('k');
    expect(calls).toHaveLength(1);
    now += 1;
    isOver = true;
    await expect(limiter.take('k')).rejects.toMatchObject({ name: 'RateLimitRefusal', msBeforeNext: 30_000 });
    now += 10_000;
    expect(limiter.takeLocal('k')).toMatchObject({ name: 'RateLimitRefusal', msBeforeNext: 20_000 });
    expect(calls).toHaveLength(2);
    now += 20_000;
    isOver = false;
    expect((await limiter.take('k')).remaining).toBe(109);
    expect(calls).toHaveLength(3);
  });

  it('passes on an error of the shared count, and asks again next time', async () => {
    let isDown = true;
    const memory = new RateLimiterMemory({ points: 10, duration: 60 });
    const shared: SharedCount = { consume: (key, points) => (isDown ? Promise.reject(new Error('Connection is closed.')) : memory.consume(key, points)) };
    const limiter = new LeasedLimiter(shared, 10, 1);
    await expect(limiter.take('k')).rejects.toThrow('Connection is closed.');
    isDown = false;
    expect((await limiter.take('k')).remaining).toBe(9);
  });
});
