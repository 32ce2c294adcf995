import type { BaseOptions, Consumer, Message, MessagesStream } from '@platformatic/kafka';
import type { Logger } from '@hotline/observability';
import { CONSUMER_DEFAULTS } from './consumer-defaults';
import type { ConsumeOptions, ConsumerOptions, EventConsumer, IncomingMessage, PartitionBatch } from './event-bus';
import { loadPlatformatic, logClientEvents, type PlatformaticModule } from './platformatic-client';
import { backoffMs } from '../backoff';

type Record_ = Message<Buffer, Buffer, Buffer, Buffer>;
type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

export interface PlatformaticConsumerSettings extends ConsumerOptions {
  base: BaseOptions;
  logger: Logger;
}

/** Records held between the fetch loop and the batches; above it the stream pauses (as kafkajs stops fetching). */
const MAX_BUFFERED = 1024;

/**
 * One stream of the group's records for one generation. When the group rebalances (or the stream or a batch
 * fails) the session ends: its batches see `isActive() === false`, their resolved offsets are committed, and a
 * new session reads every assigned partition again from its committed offset — what kafkajs does on a rebalance.
 */
interface Session {
  readonly stream: Stream;
  readonly generationId: number;
  isActive: boolean;
  readonly queues: Map<number, Record_[]>;
  /** Partitions with queued records and no batch running, in arrival order. */
  readonly ready: number[];
  readonly running: Map<number, Promise<void>>;
  buffered: number;
  isDispatchScheduled: boolean;
}

/** Resolves after `ms`, or at once when `signal` aborts (a stopping consumer does not sit out a backoff). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

function toIncoming(record: Record_): IncomingMessage {
  const headers: Record<string, string> = {};
  // kafkajs's first-value rule for a repeated header; `record.headers` (a Map) would keep the last.
  for (const [name, value] of record.headerEntries) {
    const key = name.toString();
    if (!(key in headers)) headers[key] = value.toString();
  }
  return {
    key: record.key === undefined || record.key === null ? null : record.key.toString(),
    value: record.value ?? null,
    headers,
    offset: record.offset.toString(),
  };
}

/**
 * A consumer-group member on @platformatic/kafka, shaped like kafkajs's `eachBatch`. The library heartbeats
 * on its own timer, apart from processing, so a long batch never costs the membership and `heartbeat()` has
 * nothing to do. Offsets are committed only for resolved records: at most once per auto-commit interval, at its end
 * whether or not more records arrive, and at once when a session ends.
 */
export class PlatformaticConsumer implements EventConsumer {
  private kafka: PlatformaticModule | undefined;
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private consumeOptions: ConsumeOptions | undefined;
  private session: Session | undefined;
  private reopening: Promise<void> | undefined;
  private isStopping = false;
  private stopping = new AbortController();
  private readonly resolved = new Map<number, { offset: bigint; leaderEpoch: number }>();
  private readonly committed = new Map<number, bigint>();
  private commitTail: Promise<unknown> = Promise.resolve();
  private lastCommitAt = Date.now();
  /** The commit of offsets resolved since the last one, due when the interval has passed (also with nothing more arriving). */
  private commitTimer: NodeJS.Timeout | undefined;
  /** Batches failed in a row: the next session waits longer, as kafkajs backs off before retrying. */
  private failedBatches = 0;

  constructor(private readonly settings: PlatformaticConsumerSettings) {}

  async start(options: ConsumeOptions): Promise<void> {
    if (this.consumer) throw new Error('the consumer is already started');
    const kafka = await loadPlatformatic();
    this.kafka = kafka;
    const sessionTimeout = this.settings.sessionTimeoutMs ?? CONSUMER_DEFAULTS.sessionTimeoutMs;
    const consumer = new kafka.Consumer<Buffer, Buffer, Buffer, Buffer>({
      ...this.settings.base,
      groupId: this.settings.groupId,
      sessionTimeout,
      heartbeatInterval: this.settings.heartbeatIntervalMs ?? CONSUMER_DEFAULTS.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(sessionTimeout, 60_000),
      // kafkajs's assigner name: both clients speak the standard consumer protocol, so a group can hold
      // members of either while a service rolls from one client to the other.
      protocols: [{ name: 'RoundRobinAssigner', version: 0 }],
      autocommit: false,
      highWaterMark: MAX_BUFFERED,
    });
    this.watch(consumer);
    this.consumer = consumer;
    this.consumeOptions = options;
    this.isStopping = false;
    this.stopping = new AbortController();
    this.resolved.clear();
    this.committed.clear();
    this.failedBatches = 0;
    try {
      await this.openSession();
    } catch (err) {
      this.consumer = undefined;
      await consumer.close(true).catch(() => undefined);
      throw err;
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.isStopping = true;
    this.stopping.abort();
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const session = this.session;
    if (session) this.endSession(session);
    await this.reopening;
    await this.drain(this.session);
    await this.commitResolved().catch((err: unknown) => this.settings.logger.warn({ err }, 'committing offsets on stop failed'));
    await this.session?.stream.close().catch(() => undefined);
    // Closing leaves the group, so the partitions move to the other members at once.
    await consumer.close(true).catch((err: unknown) => this.settings.logger.warn({ err }, 'closing the kafka consumer failed'));
    this.consumer = undefined;
    this.session = undefined;
  }

  private watch(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>): void {
    const { logger, groupId } = this.settings;
    logClientEvents(consumer, logger);
    consumer.on('consumer:group:join', ({ generationId, memberId, assignments }) => {
      logger.debug({ kafka: { groupId, generationId, memberId, assignments } }, 'joined the consumer group');
      const session = this.session;
      if (session?.isActive && generationId !== session.generationId) this.restart(session, 'the group rebalanced');
    });
    consumer.on('consumer:heartbeat:error', ({ error }) => {
      if (this.kafka?.findErrorBy(error, 'needsRejoin', true)) logger.debug({ kafka: { groupId } }, 'the group is rebalancing');
      else logger.warn({ err: error, kafka: { groupId } }, 'kafka heartbeat failed');
    });
    consumer.on('consumer:heartbeat:stalled', ({ stalledFor, lastError }) =>
      logger.warn({ err: lastError, kafka: { groupId, stalledFor } }, 'no kafka heartbeat has succeeded for a while'),
    );
    // A failed rejoin is reported here (and logged by logClientEvents): start over with a new session.
    consumer.on('error', () => {
      const session = this.session;
      if (session) this.restart(session, 'the consumer failed');
    });
  }

  private async openSession(): Promise<void> {
    const consumer = this.consumer!;
    const { MessagesStreamModes, MessagesStreamFallbackModes } = this.kafka!;
    const { topic, fromBeginning } = this.consumeOptions!;
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: fromBeginning ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
      autocommit: false,
      highWaterMark: MAX_BUFFERED,
      // kafkajs's fetch sizes; the library's default (50 MB for a partition) parses a whole backlog before the first batch.
      maxBytes: 10 * 2 ** 20,
      maxBytesPerPartition: 2 ** 20,
      ...(this.settings.fetchMinBytes !== undefined ? { minBytes: this.settings.fetchMinBytes } : {}),
      maxWaitTime: this.settings.fetchMaxWaitMs ?? 5_000,
    });
    const session: Session = {
      stream,
      generationId: consumer.generationId,
      isActive: !this.isStopping,
      queues: new Map(),
      ready: [],
      running: new Map(),
      buffered: 0,
      isDispatchScheduled: false,
    };
    this.session = session;
    stream.on('data', (record: Record_) => this.accept(session, record));
    stream.on('error', (err) => {
      this.settings.logger.warn({ err, kafka: { groupId: this.settings.groupId } }, 'kafka fetch stream failed');
      this.restart(session, 'the fetch stream failed');
    });
  }

  private accept(session: Session, record: Record_): void {
    if (!session.isActive) return;
    const queue = session.queues.get(record.partition);
    if (queue) queue.push(record);
    else session.queues.set(record.partition, [record]);
    session.buffered += 1;
    if (session.buffered >= MAX_BUFFERED) session.stream.pause();
    if (!session.running.has(record.partition) && !session.ready.includes(record.partition)) session.ready.push(record.partition);
    // Dispatch after the fetch response's records are all queued, so a batch holds all of them.
    if (!session.isDispatchScheduled) {
      session.isDispatchScheduled = true;
      setImmediate(() => {
        session.isDispatchScheduled = false;
        this.dispatch(session);
      });
    }
  }

  private dispatch(session: Session): void {
    const concurrency = Math.max(1, this.consumeOptions!.partitionsConsumedConcurrently);
    while (session.isActive && session.running.size < concurrency && session.ready.length > 0) {
      const partition = session.ready.shift()!;
      const records = session.queues.get(partition) ?? [];
      session.queues.delete(partition);
      if (records.length === 0) continue;
      session.buffered -= records.length;
      if (session.buffered < MAX_BUFFERED / 2 && session.stream.isPaused()) session.stream.resume();
      const run = this.runBatch(session, partition, records).finally(() => {
        session.running.delete(partition);
        // More records of this partition arrived meanwhile: back of the line, so other partitions get a turn.
        if (session.queues.has(partition)) session.ready.push(partition);
        this.dispatch(session);
      });
      session.running.set(partition, run);
    }
  }

  private async runBatch(session: Session, partition: number, records: readonly Record_[]): Promise<void> {
    const consumer = this.consumer!;
    const options = this.consumeOptions!;
    const { topic } = options;
    const epochs = new Map(records.map((record) => [record.offset, record.leaderEpoch]));
    const batch: PartitionBatch = {
      topic,
      partition,
      messages: records.map(toIncoming),
      isActive: () => session.isActive && consumer.isActive() && consumer.generationId === session.generationId,
      heartbeat: () => Promise.resolve(),
      resolveOffset: (offset) => {
        const value = BigInt(offset);
        const previous = this.resolved.get(partition);
        if (!previous || previous.offset < value) this.resolved.set(partition, { offset: value, leaderEpoch: epochs.get(value) ?? -1 });
      },
      commitOffsetsIfNecessary: async () => {
        const interval = this.settings.autoCommitIntervalMs;
        if (interval !== undefined && Date.now() - this.lastCommitAt >= interval) await this.commitResolved();
      },
    };
    try {
      await options.eachBatch(batch);
    } catch (err) {
      this.settings.logger.error({ err, kafka: { topic, partition, offset: batch.messages[0]?.offset } }, 'eachBatch failed');
      // Read the partition again from what was resolved, as kafkajs does after a failed batch.
      await this.commitResolved().catch(() => undefined);
      this.failedBatches += 1;
      this.restart(session, 'a batch failed');
      return;
    }
    this.failedBatches = 0;
    await this.commitAfterBatch();
    // Stopped short by a rebalance: no later record of any partition is handed out before the new session.
    if (!batch.isActive()) this.restart(session, 'the group is rebalancing');
  }

  /**
   * After a batch, offsets are committed at most once per `autoCommitIntervalMs` (every batch without one): a
   * commit per batch is a record in `__consumer_offsets` per batch, which the broker's log cleaner then compacts.
   * What is resolved inside the interval is committed when it ends, whether or not more records arrive; a new
   * session (after a rebalance or a failed batch) and a stop commit at once. A crash loses at most one interval
   * of commits, and the inbox skips what is read again.
   */
  private async commitAfterBatch(): Promise<void> {
    const interval = this.settings.autoCommitIntervalMs;
    const wait = interval === undefined ? 0 : this.lastCommitAt + interval - Date.now();
    if (wait <= 0) return this.commitResolved().catch((err: unknown) => this.warnCommitFailed(err));
    if (this.commitTimer) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      if (!this.isStopping) void this.commitResolved().catch((err: unknown) => this.warnCommitFailed(err));
    }, wait);
    this.commitTimer.unref();
  }

  private warnCommitFailed(err: unknown): void {
    this.settings.logger.warn({ err, kafka: { groupId: this.settings.groupId } }, 'committing offsets failed; they are committed with the next ones');
  }

  /**
   * Commits the resolved offsets of the partitions this member owns (another owner's offsets are not ours to move),
   * and only while it is a settled member of the group. A commit the broker refuses because the group is
   * rebalancing makes the library rejoin and send the same offsets again under the new generation, whoever owns
   * their partitions by then: a partition that moved on was set back to this member's older offset, and its new
   * owner read those records a second time at its next session. Offsets resolved while the group rebalances are
   * committed by the next session (`reopen`), once the new assignment is known.
   */
  private commitResolved(): Promise<void> {
    const run = this.commitTail.then(async () => {
      const consumer = this.consumer;
      if (!consumer?.isActive()) return;
      const { topic } = this.consumeOptions!;
      const owned = new Set(consumer.assignments?.find((assignment) => assignment.topic === topic)?.partitions ?? []);
      const offsets = [...this.resolved]
        .filter(([partition, { offset }]) => owned.has(partition) && offset + 1n > (this.committed.get(partition) ?? -1n))
        .map(([partition, { offset, leaderEpoch }]) => ({ topic, partition, offset: offset + 1n, leaderEpoch }));
      this.lastCommitAt = Date.now();
      if (offsets.length === 0) return;
      await consumer.commit({ offsets });
      for (const { partition, offset } of offsets) this.committed.set(partition, offset);
    });
    this.commitTail = run.catch(() => undefined);
    return run;
  }

  private endSession(session: Session): void {
    session.isActive = false;
    session.stream.pause();
    session.queues.clear();
    session.ready.length = 0;
  }

  private async drain(session: Session | undefined): Promise<void> {
    if (session) await Promise.allSettled([...session.running.values()]);
  }

  /** Ends a session once and opens the next in the background; a no-op for a session that already ended. */
  private restart(session: Session, reason: string): void {
    if (!session.isActive || session !== this.session || this.isStopping) return;
    this.settings.logger.info({ kafka: { groupId: this.settings.groupId, reason } }, 'restarting the kafka consumer session');
    this.endSession(session);
    this.reopening = this.reopen(session).finally(() => (this.reopening = undefined));
  }

  private async reopen(previous: Session): Promise<void> {
    await this.drain(previous);
    // Still a settled member (a batch failed, say): what was resolved is handed on before anyone reads further.
    await this.commitResolved().catch((err: unknown) => this.settings.logger.warn({ err }, 'committing offsets before a new session failed'));
    if (this.failedBatches > 0) await sleep(backoffMs(this.failedBatches - 1, 300, 30_000), this.stopping.signal);
    for (let attempt = 1; !this.isStopping; attempt += 1) {
      try {
        await this.untilGroupActive();
        // The partitions this member keeps are read from their committed offsets: what it resolved on them while
        // the group rebalanced must be committed first, or it reads those records again.
        await this.commitResolved();
        this.forgetUnowned();
        // The new stream is opened before the old one closes: the topic stays subscribed, so no extra rejoin.
        await this.openSession();
        await previous.stream.close().catch(() => undefined);
        const current = this.session!;
        if (this.consumer!.generationId !== current.generationId) this.restart(current, 'the group rebalanced');
        return;
      } catch (err) {
        const delay = backoffMs(attempt, 250, 30_000);
        this.settings.logger.warn({ err, retryInMs: delay }, 'opening a kafka consumer session failed; retrying');
        await sleep(delay, this.stopping.signal);
      }
    }
    await previous.stream.close().catch(() => undefined);
  }

  /** Waits for the rejoin the library runs by itself; rejoins explicitly if it gave up. */
  private async untilGroupActive(): Promise<void> {
    const consumer = this.consumer!;
    const deadline = Date.now() + (this.settings.sessionTimeoutMs ?? CONSUMER_DEFAULTS.sessionTimeoutMs);
    while (!consumer.isActive() && !this.isStopping) {
      if (Date.now() > deadline) {
        await consumer.joinGroup({});
        return;
      }
      await sleep(50, this.stopping.signal);
    }
  }

  /** Progress on partitions another member now owns is that member's to make. */
  private forgetUnowned(): void {
    const { topic } = this.consumeOptions!;
    const owned = new Set(this.consumer?.assignments?.find((assignment) => assignment.topic === topic)?.partitions ?? []);
    for (const partition of [...this.resolved.keys()]) if (!owned.has(partition)) this.resolved.delete(partition);
    for (const partition of [...this.committed.keys()]) if (!owned.has(partition)) this.committed.delete(partition);
  }
}
