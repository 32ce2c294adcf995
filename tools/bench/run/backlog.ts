/**
 * Whether a step's backlog (accepted, not yet finished), sampled once a second through the posting,
 * grew while the load was steady.
 *
 * A spike is not growth: a relay's wake-up or a collection in the posting's last second can double
 * the last sample while the system keeps up. So the verdict compares the median of the posting's
 * last quarter with the median of its second quarter (the first is the warm-up), and calls it
 * growing only when the later one is larger by half and by more than a second's worth of cases
 * (at least 50). A system that falls behind by a tenth of the rate grows by that margin within a
 * minute; one that keeps up with a latency of a few seconds holds a backlog of a few seconds' cases.
 */
export function isBacklogGrowing(samples: readonly number[], rate: number): boolean {
  if (samples.length < 4) return false;
  const quarter = (index: number) => samples.slice(Math.floor((samples.length * index) / 4), Math.floor((samples.length * (index + 1)) / 4));
  const earlier = median(quarter(1));
  const later = median(quarter(3));
  return later > earlier * 1.5 && later - earlier > Math.max(50, rate);
}

/** The samples at 25, 50, 75 and 100 % of the posting, as the report prints them. */
export function backlogAtQuarters(samples: readonly number[]): number[] {
  return [0.25, 0.5, 0.75, 1].map((share) => samples[Math.max(0, Math.ceil(samples.length * share) - 1)] ?? 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
