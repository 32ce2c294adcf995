import type { BenchCredentials } from './bench-credentials';
import type { CaseTracker } from './case-tracker';
import type { HttpClient } from './http-client';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** 2xx done; 4xx refused for good (e.g. 409: not signed after all, or already reported); otherwise try again. */
const isDefinite = (status: number) => status >= 200 && status < 500;

/** What the simulated units and operators asked of the services: requests by kind, and queue reads that found nothing. */
export interface ClerkRequests {
  queueReads: number;
  emptyQueueReads: number;
  signs: number;
  reports: number;
  callListReads: number;
  emptyCallListReads: number;
  followUps: number;
}

const noRequests = (): ClerkRequests => ({ queueReads: 0, emptyQueueReads: 0, signs: 0, reports: 0, callListReads: 0, emptyCallListReads: 0, followUps: 0 });

/** Runs `work` over `items`, at most `workers` at a time: several clerks at once. */
async function inParallel<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * Handling units sign and report back on every case in their queue, and the centre's operators make
 * the follow-up calls, over HTTP as their consoles would. Only in FLOW=full.
 */
export class SimulatedClerks {
  private isWorking = false;
  /** caseId → agencyId. A lost answer to signing leaves the case signed but off the dispatched queue. */
  private readonly unanswered = new Map<string, string>();
  private loops: Promise<void>[] = [];
  private readonly counted = noRequests();

  constructor(
    private readonly options: { http: HttpClient; executionUrl: string; feedbackUrl: string; tracker: CaseTracker; workers: number; credentials: BenchCredentials },
  ) {}

  start(): void {
    this.isWorking = true;
    this.loops = [this.units(), this.operators()];
  }

  /** Requests so far; a step reports the difference between two of these. */
  requests(): ClerkRequests {
    return { ...this.counted };
  }

  async stop(): Promise<void> {
    this.isWorking = false;
    await Promise.all(this.loops);
  }

  private async units(): Promise<void> {
    const { http, executionUrl, tracker, workers, credentials } = this.options;
    while (this.isWorking) {
      // Cases whose signing or report got no definite answer: report (again) until one comes.
      await inParallel([...this.unanswered], workers, async ([caseId, agencyId]) => {
        if (isDefinite((await this.reportBack(caseId, agencyId)).status)) this.unanswered.delete(caseId);
      });
      for (const agencyId of tracker.agencies) {
        // Each unit's operator works its own queue, as the unit it is signed in as.
        const asUnit = credentials.unit(agencyId);
        const queue = await http.getJson<{ items: { caseId: string }[] }>(`${executionUrl}/v1/agencies/${agencyId}/cases?status=dispatched&limit=200`, asUnit);
        this.counted.queueReads += 1;
        if (!queue?.items.length) this.counted.emptyQueueReads += 1;
        await inParallel(queue?.items ?? [], workers, async ({ caseId }) => {
          this.counted.signs += 1;
          const signed = await http.send('POST', `${executionUrl}/v1/cases/${caseId}/sign`, { body: {}, headers: asUnit });
          const reported = signed.status === 200 ? await this.reportBack(caseId, agencyId) : signed;
          if (!isDefinite(reported.status)) this.unanswered.set(caseId, agencyId);
        });
      }
      await sleep(250);
    }
  }

  private reportBack(caseId: string, agencyId: string) {
    this.counted.reports += 1;
    return this.options.http.send('POST', `${this.options.executionUrl}/v1/cases/${caseId}/feedback`, {
      body: { outcome: 'resolved', reply: '已处理完毕。' },
      headers: this.options.credentials.unit(agencyId),
    });
  }

  private async operators(): Promise<void> {
    const { http, feedbackUrl, workers, credentials } = this.options;
    const asOperator = credentials.role('follow_up_operator');
    while (this.isWorking) {
      const pending = await http.getJson<{ items: { caseId: string }[] }>(`${feedbackUrl}/v1/follow-ups?status=pending&limit=200`, asOperator);
      this.counted.callListReads += 1;
      if (!pending?.items.length) this.counted.emptyCallListReads += 1;
      await inParallel(pending?.items ?? [], workers, async ({ caseId }) => {
        this.counted.followUps += 1;
        await http.send('POST', `${feedbackUrl}/v1/cases/${caseId}/follow-up`, { body: { reached: true, resolved: true, satisfaction: 'satisfied' }, headers: asOperator });
      });
      await sleep(250);
    }
  }
}
