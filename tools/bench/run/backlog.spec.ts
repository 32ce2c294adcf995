import { backlogAtQuarters, isBacklogGrowing } from './backlog';

const steady = (seconds: number, level: number) => Array.from({ length: seconds }, (_, i) => level + (i % 3) * 4);

describe('isBacklogGrowing', () => {
  it('reads a backlog that holds as steady', () => {
    expect(isBacklogGrowing(steady(60, 40), 200)).toBe(false);
  });

  it('reads a spike in the last second as steady (a five-minute run at 30/s: 32 / 38 / 31, then 229)', () => {
    const samples = [...steady(299, 32), 229];
    expect(isBacklogGrowing(samples, 30)).toBe(false);
  });

  it('reads a backlog that grows by 80 cases a second (300/s offered, 220/s done) as growing', () => {
    const samples = Array.from({ length: 60 }, (_, i) => 40 + 80 * i);
    expect(isBacklogGrowing(samples, 300)).toBe(true);
  });

  it('reads a shortfall of a tenth of the rate over five minutes as growing', () => {
    const samples = Array.from({ length: 300 }, (_, i) => 60 + 3 * i);
    expect(isBacklogGrowing(samples, 30)).toBe(true);
  });

  it('does not call a small backlog growing when it only doubles (30 → 70 cases at 200/s)', () => {
    const samples = Array.from({ length: 60 }, (_, i) => 30 + Math.round((40 * i) / 59));
    expect(isBacklogGrowing(samples, 200)).toBe(false);
  });

  it('has no verdict on fewer than four samples', () => {
    expect(isBacklogGrowing([0, 500, 1000], 10)).toBe(false);
  });
});

describe('backlogAtQuarters', () => {
  it('picks the samples at 25, 50, 75 and 100 % of the posting', () => {
    expect(backlogAtQuarters([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([2, 4, 6, 8]);
    expect(backlogAtQuarters([])).toEqual([0, 0, 0, 0]);
  });
});
