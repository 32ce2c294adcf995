import { aCaseRequest } from '@hotline/testing';

export interface AcceptedCase {
  caseId: string;
  externalId: string;
  /** When intake's 202 arrived (ms since the epoch). */
  acceptedAt: number;
}

export interface CaseStreamStats {
  offered: number;
  offeredPerSecond: number;
  accepted: number;
  /** 503 INTAKE.OVERLOADED answers (each followed by a retry after Retry-After). */
  overloaded: number;
  /** Requests that found intake dead, or died with it (refused, reset, timed out). */
  connectionErrors: number;
  /** Any other answer than 202 or 503, by status. */
  otherAnswers: Record<string, number>;
  /** Cases whose client gave up: the deadline passed before a 202. */
  gaveUp: number;
  /** Most requests waiting for an answer at one moment. */
  maxInFlight: number;
}

export interface CaseStreamOptions {
  intakeUrl: string;
  /** The desk's credentials (a role that may create cases). */
  headers: Record<string, string>;
  ratePerSecond: number;
  /** How long one case's client keeps retrying before it gives up. */
  caseDeadlineMs: number;
  /** Prefix of every externalId and Idempotency-Key, unique to the run. */
  runId: string;
  onAccepted(accepted: AcceptedCase): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const TICK_MS = 20;
// A client that finds intake dead backs off exponentially, as real clients do: retrying at a fixed
// pace, thousands of waiting clients would flood the restarted intake before it could answer readiness.
const FIRST_RETRY_ON_CONNECTION_ERROR_MS = 500;
const MAX_RETRY_ON_CONNECTION_ERROR_MS = 8_000;

/**
 * An open-loop stream of new cases: `ratePerSecond` POST /v1/cases are launched on schedule whatever
 * intake answers, each case a client of its own that retries with its Idempotency-Key on 503 (after
 * Retry-After) or a dead connection until it gets 202 or its deadline passes.
 */
export class CaseStream {
  private launched = 0;
  private startedAt = 0;
  private stoppedAt = 0;
  private ticker: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly clients: Promise<void>[] = [];
  private readonly stats: Omit<CaseStreamStats, 'offered' | 'offeredPerSecond'> = {
    accepted: 0,
    overloaded: 0,
    connectionErrors: 0,
    otherAnswers: {},
    gaveUp: 0,
    maxInFlight: 0,
  };

  constructor(private readonly options: CaseStreamOptions) {}

  start(): void {
    this.startedAt = Date.now();
    // Catch up to the schedule on every tick: a late timer on a busy machine does not lower the rate.
    this.ticker = setInterval(() => {
      const due = Math.floor(((Date.now() - this.startedAt) / 1000) * this.options.ratePerSecond);
      while (this.launched < due) this.clients.push(this.runClient(this.launched++));
    }, TICK_MS);
  }

  /** Stops launching new cases. */
  stopLaunching(): void {
    clearInterval(this.ticker);
    this.stoppedAt = Date.now();
  }

  /** Resolves when every launched case has been accepted or given up. */
  async settled(): Promise<CaseStreamStats> {
    await Promise.all(this.clients);
    return this.snapshot();
  }

  snapshot(): CaseStreamStats {
    const seconds = ((this.stoppedAt || Date.now()) - this.startedAt) / 1000;
    return { offered: this.launched, offeredPerSecond: seconds > 0 ? this.launched / seconds : 0, ...this.stats, otherAnswers: { ...this.stats.otherAnswers } };
  }

  private async runClient(index: number): Promise<void> {
    const externalId = `${this.options.runId}-${index}`;
    const deadline = Date.now() + this.options.caseDeadlineMs;
    const body = JSON.stringify(aCaseRequest({ externalId }));
    const headers = { ...this.options.headers, 'content-type': 'application/json', 'idempotency-key': externalId };
    let connectionFailures = 0;
    while (Date.now() < deadline) {
      let waitMs: number;
      const answer = await this.post(body, headers);
      if (answer === 'connection_error') {
        this.stats.connectionErrors += 1;
        connectionFailures += 1;
        const backoffMs = Math.min(MAX_RETRY_ON_CONNECTION_ERROR_MS, FIRST_RETRY_ON_CONNECTION_ERROR_MS * 2 ** (connectionFailures - 1));
        waitMs = backoffMs / 2 + Math.random() * (backoffMs / 2);
      } else if (answer.status === 202) {
        this.stats.accepted += 1;
        this.options.onAccepted({ caseId: (JSON.parse(answer.text) as { caseId: string }).caseId, externalId, acceptedAt: Date.now() });
        return;
      } else {
        if (answer.status === 503) this.stats.overloaded += 1;
        else this.stats.otherAnswers[answer.status] = (this.stats.otherAnswers[answer.status] ?? 0) + 1;
        // Spread with jitter, as a real client would, so refused clients do not return in step.
        waitMs = Number(answer.retryAfter ?? 1) * 1000 + Math.random() * 500;
      }
      await sleep(Math.min(waitMs, Math.max(0, deadline - Date.now())));
    }
    this.stats.gaveUp += 1;
  }

  private async post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string; retryAfter: string | null } | 'connection_error'> {
    this.inFlight += 1;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    try {
      const response = await fetch(`${this.options.intakeUrl}/v1/cases`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
    } catch {
      // Refused (intake is dead), reset (it died with the request) or timed out.
      return 'connection_error';
    } finally {
      this.inFlight -= 1;
    }
  }
}
