import { AdmissionQueue, type Admission } from './admission-queue';

const options = { maxInFlight: 2, maxQueued: 2, maxWaitMs: 1_000, minRetryAfterSeconds: 1 };
const admitted = (admission: Admission) => {
  if (!admission.isAdmitted) throw new Error(`refused: ${admission.reason}`);
  return admission;
};

describe('AdmissionQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('admits up to maxInFlight at once and queues the next ones in arrival order', async () => {
    const queue = new AdmissionQueue(options);
    const first = admitted(await queue.admit());
    admitted(await queue.admit());
    const order: string[] = [];
    const third = queue.admit().then((admission) => (order.push('third'), admission));
    const fourth = queue.admit().then((admission) => (order.push('fourth'), admission));
    expect(queue.queuedCount).toBe(2);

    first.release();
    admitted(await third);
    expect(order).toEqual(['third']);
    expect(queue.inFlightCount).toBe(2);
    expect(queue.queuedCount).toBe(1);
    void fourth;
  });

  it('refuses at once when the queue is full, and a waiter that waited too long, both before any work', async () => {
    const queue = new AdmissionQueue({ ...options, maxQueued: 1 });
    admitted(await queue.admit());
    admitted(await queue.admit());
    const waiting = queue.admit();
    expect(await queue.admit()).toMatchObject({ isAdmitted: false, reason: 'queue_full' });

    jest.advanceTimersByTime(1_000);
    expect(await waiting).toMatchObject({ isAdmitted: false, reason: 'waited_too_long' });
    expect(queue.inFlightCount).toBe(2);
  });

  it('skips a waiter that timed out when a turn frees up, and counts a double release once', async () => {
    const queue = new AdmissionQueue(options);
    const first = admitted(await queue.admit());
    admitted(await queue.admit());
    const timedOut = queue.admit();
    jest.advanceTimersByTime(600);
    const next = queue.admit();
    jest.advanceTimersByTime(400);
    expect(await timedOut).toMatchObject({ isAdmitted: false });

    first.release();
    first.release();
    admitted(await next);
    expect(queue.inFlightCount).toBe(2);
  });

  it('asks refused clients to come back after the queue would drain, spread by jitter, within 30 s', async () => {
    let now = 0;
    let random = 0;
    const queue = new AdmissionQueue({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 1_000, minRetryAfterSeconds: 1 }, () => now, () => random);
    // 10 completions in the last 5 s: 2 per second.
    for (let i = 0; i < 10; i += 1) {
      admitted(await queue.admit()).release();
      now += 400;
    }
    admitted(await queue.admit());
    const refusal = async () => {
      const admission = await queue.admit();
      if (admission.isAdmitted) throw new Error('admitted');
      return admission.retryAfterSeconds;
    };
    expect(await refusal()).toBe(1);
    random = 0.99;
    expect(await refusal()).toBe(2);

    const slow = new AdmissionQueue({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 100_000, minRetryAfterSeconds: 1 }, () => 0, () => 0.5);
    admitted(await slow.admit());
    const rejected = await slow.admit();
    expect(rejected).toMatchObject({ isAdmitted: false, retryAfterSeconds: 30 });
  });
});
