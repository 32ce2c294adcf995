import { backoffMs } from './backoff';

describe('backoffMs', () => {
  it('doubles from the base up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, 250, 5_000))).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('stays at the cap however many attempts', () => {
    expect(backoffMs(10_000, 200, 30_000)).toBe(30_000);
  });
});
