import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { TOPICS, decodeCaseEvent } from '@hotline/contracts';

export interface TrackedCase {
  caseId: string;
  /** The step that posted it; undefined while only its events have been seen. */
  step?: number;
  /** First POST attempt (retries after a 503 included in what follows). */
  postedAt?: number;
  /** When the tracker saw the case's first case.received and case.classified: the hops to dispatched. */
  receivedAt?: number;
  classifiedAt?: number;
  dispatchedAt?: number;
  closedAt?: number;
  isReceivedSeen: boolean;
  /** Events of this case seen on the topic. */
  events: number;
}

export interface StepProgress {
  accepted: number;
  dispatched: number;
  closed: number;
}

/**
 * Watches hotline.case-events, as every service does, to time each case: when it was dispatched and
 * closed. Reads the event type from the header and the caseId from the key; decodes only
 * case.dispatched (for the agency the simulated units work for).
 */
export class CaseTracker {
  readonly agencies = new Set<string>();
  private readonly cases = new Map<string, TrackedCase>();
  private readonly progressByStep = new Map<number, StepProgress>();
  private consumer: Consumer | undefined;

  constructor(private readonly brokers: string[]) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: 'bench', brokers: this.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.caseEvents, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      // A watcher that never resumes (a new group every run): committing would only load the broker
      // whose CPU the bench measures.
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachMessage: ({ message }) => {
        this.onMessage(message);
        return Promise.resolve();
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** The load generator got 202 for this case. */
  accepted(caseId: string, step: number, postedAt: number): void {
    const entry = this.entry(caseId);
    entry.step = step;
    entry.postedAt = postedAt;
    const progress = this.progress(step);
    progress.accepted += 1;
    // Its events may have arrived before the 202 did.
    if (entry.dispatchedAt !== undefined) progress.dispatched += 1;
    if (entry.closedAt !== undefined) progress.closed += 1;
  }

  progress(step: number): StepProgress {
    let progress = this.progressByStep.get(step);
    if (!progress) {
      progress = { accepted: 0, dispatched: 0, closed: 0 };
      this.progressByStep.set(step, progress);
    }
    return progress;
  }

  casesOf(step: number): TrackedCase[] {
    return [...this.cases.values()].filter((entry) => entry.step === step);
  }

  /** Cases received by intake that the bench never got a 202 for: a duplicate would show up here. */
  unclaimedReceived(): number {
    return [...this.cases.values()].filter((entry) => entry.step === undefined && entry.isReceivedSeen).length;
  }

  private entry(caseId: string): TrackedCase {
    let entry = this.cases.get(caseId);
    if (!entry) {
      entry = { caseId, isReceivedSeen: false, events: 0 };
      this.cases.set(caseId, entry);
    }
    return entry;
  }

  private onMessage(message: KafkaMessage): void {
    const caseId = message.key?.toString();
    const type = message.headers?.['event-type']?.toString();
    if (!caseId || !type) return;
    const entry = this.entry(caseId);
    entry.events += 1;
    const now = Date.now();
    if (type === 'case.received') {
      entry.isReceivedSeen = true;
      entry.receivedAt ??= now;
    }
    if (type === 'case.classified') entry.classifiedAt ??= now;
    if (type === 'case.dispatched' && entry.dispatchedAt === undefined) {
      entry.dispatchedAt = now;
      if (entry.step !== undefined) this.progress(entry.step).dispatched += 1;
      const decoded = decodeCaseEvent(message.value);
      if (decoded.ok && decoded.event.type === 'case.dispatched') this.agencies.add(decoded.event.payload.agencyId);
    }
    if (type === 'case.closed' && entry.closedAt === undefined) {
      entry.closedAt = now;
      if (entry.step !== undefined) this.progress(entry.step).closed += 1;
    }
  }
}
