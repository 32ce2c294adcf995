import { actAs, actAsUnit } from '@hotline/testing';

export interface LoopDeskOptions {
  urls: { dispatch: string; execution: string; feedback: string };
  /** Cases each stage works on at once (the rest wait their turn, first accepted first). */
  workersPerStage: number;
  /** How long one step may keep answering "not yet" before the case is reported stuck. */
  stepDeadlineMs: number;
}

export interface LoopDeskReport {
  closed: number;
  stuck: { caseId: string; step: string; last: string }[];
}

type Attempt = { outcome: 'done'; agencyId?: string } | { outcome: 'not_yet'; last: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const POLL_MS = 500;

class StepStuckError extends Error {
  constructor(
    readonly step: string,
    readonly last: string,
  ) {
    super(`${step}: ${last}`);
  }
}

/** A FIFO of cases worked by a fixed number of workers; `close()` lets the workers finish the queue and stop. */
class Stage {
  private readonly queue: string[] = [];
  private readonly waiting: (() => void)[] = [];
  private isClosed = false;
  readonly done: Promise<void>;

  constructor(workers: number, work: (caseId: string) => Promise<void>) {
    this.done = Promise.all(Array.from({ length: workers }, () => this.runWorker(work))).then(() => undefined);
  }

  push(caseId: string): void {
    this.queue.push(caseId);
    this.waiting.shift()?.();
  }

  close(): void {
    this.isClosed = true;
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async runWorker(work: (caseId: string) => Promise<void>): Promise<void> {
    for (;;) {
      const caseId = this.queue.shift();
      if (caseId !== undefined) await work(caseId);
      else if (this.isClosed) return;
      else await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; code?: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const answer = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: response.status, ...(answer?.error?.code ? { code: answer.error.code } : {}) };
}

async function get<T>(url: string, headers: Record<string, string>): Promise<{ status: number; body: T | null }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: (await response.json().catch(() => null)) as T | null };
}

/**
 * The people at the end of the loop, working through the public HTTP APIs while services die and
 * come back: the unit a case was dispatched to signs for it and reports it resolved, then the
 * centre's follow-up operator calls the citizen, who is satisfied, and the case closes. A step that
 * meets a dead service, or a case the next service has not seen yet, is tried again.
 */
export class LoopDesk {
  private readonly unitHeaders = new Map<string, Promise<Record<string, string>>>();
  private readonly desk = actAs('dispatcher');
  private readonly followUpOperator = actAs('follow_up_operator');
  private readonly stuck: LoopDeskReport['stuck'] = [];
  private closed = 0;
  private isStopped = false;
  private readonly unitStage: Stage;
  private readonly followUpStage: Stage;

  constructor(private readonly options: LoopDeskOptions) {
    this.unitStage = new Stage(options.workersPerStage, (caseId) => this.actAsUnit(caseId));
    this.followUpStage = new Stage(options.workersPerStage, (caseId) => this.callBack(caseId));
  }

  /** A case intake accepted: it enters the loop as soon as it is dispatched. */
  add(caseId: string): void {
    this.unitStage.push(caseId);
  }

  /** No more cases will come: resolves once every case is closed or reported stuck. */
  async finish(): Promise<LoopDeskReport> {
    this.unitStage.close();
    await this.unitStage.done;
    this.followUpStage.close();
    await this.followUpStage.done;
    return { closed: this.closed, stuck: [...this.stuck] };
  }

  /**
   * Stops every worker at its next attempt (a test that timed out must not leave the desk polling the
   * next suite's services, which reuse these ports).
   */
  stop(): void {
    this.isStopped = true;
  }

  private async actAsUnit(caseId: string): Promise<void> {
    try {
      const { agencyId } = await this.step('find its unit', () => this.findUnit(caseId));
      const unit = this.headersOfUnit(agencyId!);
      await this.step('sign', async () => {
        const answer = await post(`${this.options.urls.execution}/v1/cases/${caseId}/sign`, {}, await unit);
        // 409 ILLEGAL_TRANSITION: an earlier try signed it and its answer was lost with the service.
        if (answer.status === 200 || answer.code === 'CASE.ILLEGAL_TRANSITION') return { outcome: 'done' };
        return { outcome: 'not_yet', last: `${answer.status} ${answer.code ?? ''}` };
      });
      await this.step('feed back', async () => {
        const answer = await post(`${this.options.urls.execution}/v1/cases/${caseId}/feedback`, { outcome: 'resolved', reply: '已更换灯泡，路灯恢复照明。' }, await unit);
        if (answer.status === 200 || answer.code === 'CASE.ILLEGAL_TRANSITION') return { outcome: 'done' };
        return { outcome: 'not_yet', last: `${answer.status} ${answer.code ?? ''}` };
      });
      this.followUpStage.push(caseId);
    } catch (err) {
      this.reportStuck(caseId, err);
    }
  }

  private async callBack(caseId: string): Promise<void> {
    try {
      await this.step('follow up', async () => {
        const answer = await post(
          `${this.options.urls.feedback}/v1/cases/${caseId}/follow-up`,
          { reached: true, resolved: true, satisfaction: 'satisfied', note: '市民表示满意' },
          await this.followUpOperator,
        );
        if (answer.status === 200) return { outcome: 'done' };
        // Not on the call list yet, or closed by an earlier try whose answer was lost: ask which.
        const { body } = await get<{ items: { caseId: string }[] }>(
          `${this.options.urls.feedback}/v1/follow-ups?status=closed&caseId=${caseId}`,
          await this.followUpOperator,
        );
        if (body?.items?.some((item) => item.caseId === caseId)) return { outcome: 'done' };
        return { outcome: 'not_yet', last: `${answer.status} ${answer.code ?? ''}` };
      });
      this.closed += 1;
    } catch (err) {
      this.reportStuck(caseId, err);
    }
  }

  private async findUnit(caseId: string): Promise<Attempt> {
    const { status, body } = await get<{ rounds: { agencyId: string }[] }>(`${this.options.urls.dispatch}/v1/dispatches/${caseId}`, await this.desk);
    const agencyId = body?.rounds?.[0]?.agencyId;
    return agencyId ? { outcome: 'done', agencyId } : { outcome: 'not_yet', last: `${status} no dispatch round yet` };
  }

  private headersOfUnit(agencyId: string): Promise<Record<string, string>> {
    let headers = this.unitHeaders.get(agencyId);
    if (!headers) {
      headers = actAsUnit(agencyId);
      this.unitHeaders.set(agencyId, headers);
    }
    return headers;
  }

  /** Tries `attempt` until it is done; a dead service (connection error) counts as "not yet". */
  private async step(name: string, attempt: () => Promise<Attempt>): Promise<Extract<Attempt, { outcome: 'done' }>> {
    const deadline = Date.now() + this.options.stepDeadlineMs;
    let last = 'no attempt';
    while (Date.now() < deadline) {
      if (this.isStopped) throw new StepStuckError(name, 'the desk was stopped');
      try {
        const result = await attempt();
        if (result.outcome === 'done') return result;
        last = result.last;
      } catch (err) {
        last = `connection: ${(err as Error).message}`;
      }
      await sleep(POLL_MS);
    }
    throw new StepStuckError(name, last);
  }

  private reportStuck(caseId: string, err: unknown): void {
    if (!(err instanceof StepStuckError)) throw err;
    this.stuck.push({ caseId, step: err.step, last: err.last });
  }
}
