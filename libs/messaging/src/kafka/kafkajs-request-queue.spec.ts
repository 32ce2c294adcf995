// kafkajs's request queue is internal; this reads it to prove patches/kafkajs+2.2.4.patch is applied.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
};

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function newQueue() {
  return new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'spec', broker: 'b:9092', logger: silent });
}

describe('kafkajs request queue (patched)', () => {
  it('arms no timer when nothing is pending and nothing is throttled, so an idle connection costs nothing', () => {
    const queue = newQueue();
    queue.checkPendingRequests();
    const armed = queue.throttleCheckTimeoutId;
    if (armed) clearTimeout(armed); // unpatched, the timer re-arms itself every millisecond
    queue.destroy();
    expect(armed).toBeNull();
  });

  it('still checks again later while requests wait', () => {
    const queue = newQueue();
    queue.pending.push({});
    queue.throttledUntil = Date.now() + 60_000;
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(queue.throttleCheckTimeoutId!);
    queue.destroy();
  });

  it('checks when a throttle ends even with nothing pending', () => {
    const queue = newQueue();
    queue.throttledUntil = Date.now() + 60_000;
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(queue.throttleCheckTimeoutId!);
    queue.destroy();
  });
});
