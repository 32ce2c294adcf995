const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns without throwing (an `expect` inside it passing), or fails with the
 * last assertion error once `timeoutMs` has passed. For asynchronous effects; never a fixed sleep.
 */
export async function expectEventually<T>(probe: () => T | Promise<T>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      if (lastError instanceof Error) lastError.message = `not true within ${timeoutMs} ms: ${lastError.message}`;
      throw lastError;
    }
    await sleep(intervalMs);
  }
}
