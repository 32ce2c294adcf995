import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the task each interval, never two runs at once, and stop waits for the run in flight', async () => {
    let finish: () => void = () => undefined;
    const task = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const periodic = new PeriodicTask(100, task);
    periodic.start();
    jest.advanceTimersByTime(350);
    expect(task).toHaveBeenCalledTimes(1); // still running: the later ticks wait
    let isStopped = false;
    const stopping = periodic.stop().then(() => (isStopped = true));
    await Promise.resolve();
    expect(isStopped).toBe(false);
    finish();
    await stopping;
    jest.advanceTimersByTime(500);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('never runs with an interval of 0', () => {
    const task = jest.fn(() => Promise.resolve());
    new PeriodicTask(0, task).start();
    jest.advanceTimersByTime(10_000);
    expect(task).not.toHaveBeenCalled();
  });
});
