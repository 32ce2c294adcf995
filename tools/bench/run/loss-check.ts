import type { CaseTracker, TrackedCase } from './case-tracker';
import type { HttpClient } from './http-client';
import type { BenchSettings } from './settings';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface LossCheck {
  accepted: number;
  /** Accepted cases that have not reached the flow's end, after waiting once more. */
  unfinished: TrackedCase[];
  waitedSeconds: number;
}

/**
 * After the last step, waits (up to DRAIN_TIMEOUT_S) for every case any step had accepted to reach the
 * flow's end: a step's unfinished cases may only have been slow. What never finishes was lost.
 */
export async function checkNothingLost(tracker: CaseTracker, steps: readonly number[], settings: BenchSettings): Promise<LossCheck> {
  const isFinished = (entry: TrackedCase) => (settings.FLOW === 'full' ? entry.closedAt !== undefined : entry.dispatchedAt !== undefined);
  const unfinished = () => steps.flatMap((step) => tracker.casesOf(step)).filter((entry) => !isFinished(entry));
  const started = Date.now();
  const deadline = started + settings.DRAIN_TIMEOUT_S * 1000;
  while (Date.now() < deadline && unfinished().length > 0) await sleep(500);
  return {
    accepted: steps.reduce((sum, step) => sum + tracker.progress(step).accepted, 0),
    unfinished: unfinished(),
    waitedSeconds: (Date.now() - started) / 1000,
  };
}

/** Where a few unfinished cases stand, from audit's case view: stuck on the way, or never recorded. */
export async function describeUnfinished(check: LossCheck, http: HttpClient, auditUrl: string, headers: Record<string, string>): Promise<string[]> {
  return Promise.all(
    check.unfinished.slice(0, 5).map(async (entry) => {
      const view = await http.getJson<{ status?: string }>(`${auditUrl}/v1/cases/${entry.caseId}`, headers);
      return `${entry.caseId} (audit: ${view?.status ?? 'not found'})`;
    }),
  );
}

export function formatLossCheck(check: LossCheck, flow: BenchSettings['FLOW'], examples: readonly string[]): string {
  const what = flow === 'full' ? 'closed' : 'dispatched';
  if (check.unfinished.length === 0) {
    return `loss check: all ${check.accepted} accepted cases ${what} (waited ${check.waitedSeconds.toFixed(0)} s after the last step): nothing accepted was lost`;
  }
  return `loss check: ⚠ ${check.unfinished.length} of ${check.accepted} accepted cases never ${what} within DRAIN_TIMEOUT_S after the last step, e.g. ${examples.join(', ')}`;
}
