import { LatencyRecorder, type Percentiles } from '../shared/latency';
import { backlogAtQuarters, isBacklogGrowing } from './backlog';
import type { CaseTracker, StepProgress } from './case-tracker';
import type { DatabaseActivityMeter } from './database-activity';
import type { HttpClient } from './http-client';
import { generateLoad, type LoadReport } from './load-generator';
import type { ResourceMonitor, StepUsage } from './resource-monitor';
import type { BenchSettings } from './settings';
import type { ClerkRequests } from './simulated-clerks';

export interface StepResult {
  kafkaClient: string;
  flow: BenchSettings['FLOW'];
  rate: number;
  load: LoadReport;
  toDispatched: Percentiles;
  /** intake → dispatched by hop, as the tracker saw the events: where the time goes. */
  hops: { toReceived: Percentiles; toClassified: Percentiles; toDispatched: Percentiles };
  toClosed: Percentiles;
  /** Accepted cases that reached the flow's end (dispatched, or closed) within the drain time-out. */
  finished: number;
  unfinished: number;
  /** Cases finished per second over the whole step, posting and draining. */
  finishedPerSecond: number;
  eventsPerCase: number;
  /** Accepted but not yet finished, sampled at 25 %, 50 %, 75 % and 100 % of the posting. */
  backlog: number[];
  isBacklogGrowing: boolean;
  usage: StepUsage;
  database: { commitsPerSecond: number; rowsWrittenPerSecond: number };
  /** What the simulated units and operators requested during the step (FLOW=full). */
  clerkRequests?: ClerkRequests;
}

export interface StepContext {
  settings: BenchSettings;
  kafkaClient: string;
  tracker: CaseTracker;
  monitor: ResourceMonitor;
  databaseActivity: DatabaseActivityMeter;
  http: HttpClient;
  intakeUrl: string;
  /** Headers that authenticate the hotline client posting the cases. */
  clientHeaders: Record<string, string>;
  /** The simulated units and operators, when they work (FLOW=full). */
  clerks?: { requests(): ClerkRequests };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One rate: post the cases, wait for them to finish (or the drain time-out), and measure. */
export async function runStep(context: StepContext, input: { step: number; rate: number; cases: number }): Promise<StepResult> {
  const { settings, tracker } = context;
  const isFull = settings.FLOW === 'full';
  const finishedOf = (progress: StepProgress) => (isFull ? progress.closed : progress.dispatched);
  const databaseBefore = await context.databaseActivity.read();
  const clerksBefore = context.clerks?.requests();
  context.monitor.begin();
  const started = Date.now();

  const backlogSamples: number[] = [];
  const sampler = setInterval(() => {
    const progress = tracker.progress(input.step);
    backlogSamples.push(progress.accepted - finishedOf(progress));
  }, 1000);
  const load = await generateLoad({
    http: context.http,
    intakeUrl: context.intakeUrl,
    clientHeaders: context.clientHeaders,
    tracker,
    step: input.step,
    rate: input.rate,
    cases: input.cases,
    retryForMs: settings.DRAIN_TIMEOUT_S * 1000,
  });
  clearInterval(sampler);

  const drainDeadline = Date.now() + settings.DRAIN_TIMEOUT_S * 1000;
  while (Date.now() < drainDeadline && finishedOf(tracker.progress(input.step)) < load.accepted) await sleep(200);
  const usage = context.monitor.end();
  const databaseAfter = await context.databaseActivity.read();
  const clerksAfter = context.clerks?.requests();
  const seconds = (Date.now() - started) / 1000;

  const toDispatched = new LatencyRecorder();
  const hops = { toReceived: new LatencyRecorder(), toClassified: new LatencyRecorder(), toDispatched: new LatencyRecorder() };
  const toClosed = new LatencyRecorder();
  let finished = 0;
  let events = 0;
  for (const entry of tracker.casesOf(input.step)) {
    const postedAt = entry.postedAt ?? 0;
    if (entry.dispatchedAt !== undefined) toDispatched.record(entry.dispatchedAt - postedAt);
    // Only cases seen received, classified and dispatched: a merged or declined case is never dispatched.
    const { receivedAt, classifiedAt, dispatchedAt } = entry;
    if (receivedAt !== undefined && classifiedAt !== undefined && dispatchedAt !== undefined) {
      hops.toReceived.record(receivedAt - postedAt);
      hops.toClassified.record(classifiedAt - receivedAt);
      hops.toDispatched.record(dispatchedAt - classifiedAt);
    }
    if (entry.closedAt !== undefined) toClosed.record(entry.closedAt - postedAt);
    const isFinished = isFull ? entry.closedAt !== undefined : entry.dispatchedAt !== undefined;
    if (isFinished) {
      finished += 1;
      events += entry.events;
    }
  }
  return {
    kafkaClient: context.kafkaClient,
    flow: settings.FLOW,
    rate: input.rate,
    load,
    toDispatched: toDispatched.percentiles(),
    hops: { toReceived: hops.toReceived.percentiles(), toClassified: hops.toClassified.percentiles(), toDispatched: hops.toDispatched.percentiles() },
    toClosed: toClosed.percentiles(),
    finished,
    unfinished: load.accepted - finished,
    finishedPerSecond: finished / seconds,
    eventsPerCase: finished ? events / finished : 0,
    backlog: backlogAtQuarters(backlogSamples),
    isBacklogGrowing: isBacklogGrowing(backlogSamples, input.rate),
    usage,
    database: {
      commitsPerSecond: (databaseAfter.commits - databaseBefore.commits) / seconds,
      rowsWrittenPerSecond: (databaseAfter.rowsWritten - databaseBefore.rowsWritten) / seconds,
    },
    clerkRequests: clerksBefore && clerksAfter ? requestsBetween(clerksBefore, clerksAfter) : undefined,
  };
}

function requestsBetween(before: ClerkRequests, after: ClerkRequests): ClerkRequests {
  const difference = { ...after };
  for (const key of Object.keys(difference) as (keyof ClerkRequests)[]) difference[key] -= before[key];
  return difference;
}
