import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { decodeCaseEvent, type CaseEvent } from '@hotline/contracts';
import { contextFrom, meter, tracer, type Logger } from '@hotline/observability';
import { PermanentMessageError, isTransientError } from '../errors';
import { claimInboxRows, flushBatchWork, runInBatchScope, type BatchScope } from '../inbox/batch-scope';
import { insertOutboxRows } from '../outbox/append-to-outbox';
import type { EventBus, EventConsumer, EventProducer, IncomingMessage } from './event-bus';
import { backoffMs, sleep } from '../backoff';

export interface KafkaEventServerOptions {
  /** The Kafka client behind the project's seam (kafkajs or @platformatic/kafka). */
  bus: EventBus;
  /** The consumer's name in the inbox and logs, e.g. `dispatch`. */
  consumerName: string;
  groupId: string;
  topic: string;
  dlqTopic: string;
  logger: Logger;
  /** Attempts for a non-transient handler failure before the message goes to the DLQ. */
  maxAttempts?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * The service's database. With it, a partition's batch is handled in one transaction (inbox rows,
   * effects and outbox rows in bulk); without it, or when a batch fails, one transaction per message.
   */
  dataSource?: DataSource;
  /** Most messages handled in one batch transaction. */
  maxBatchSize?: number;
  /**
   * Group commit: the batches of partitions handled at once (and those that arrive while a
   * transaction runs) share one transaction, up to `maxBatchSize` messages. A group that fails is
   * handled again partition by partition, then message by message. Default true.
   */
  coalescePartitions?: boolean;
  /** How often consumed offsets are committed to Kafka; a redelivery after a crash is skipped by the inbox. */
  autoCommitIntervalMs?: number;
  /** The group's session timeout and heartbeat interval (CONSUMER_DEFAULTS when unset). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Fetch sizing (see ConsumerOptions): bytes a fetch waits for, and for how long at most. */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
}

type Handler = NonNullable<ReturnType<Server['getHandlerByPattern']>>;

interface BatchItem {
  topic: string;
  partition: number;
  message: IncomingMessage;
  event: CaseEvent;
  handler: Handler;
  headers: Record<string, string>;
}

/** One partition's chunk waiting for the next group transaction. */
interface GroupEntry {
  topic: string;
  partition: number;
  messages: readonly IncomingMessage[];
  done: (isHandled: boolean) => void;
}

/** What a handler receives besides the event. */
export interface KafkaEventContext {
  topic: string;
  partition: number;
  offset: string;
}

/** `@EventPattern(ALL_CASE_EVENTS)` receives every event that has no handler of its own. */
export const ALL_CASE_EVENTS = '*';

class ConsumerStoppedError extends Error {}


/**
 * A Nest microservice transport that consumes case events with `eachBatch`, routes each to the
 * `@EventPattern(type)` handler, retries transient failures without losing the partition's order,
 * sends poison messages to the dead-letter topic, and resolves an offset only after its handler
 * (and so its database transaction) has finished.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: EventConsumer | undefined;
  private dlqProducer: EventProducer | undefined;
  private isClosing = false;
  private closed: Promise<void> = Promise.resolve();
  private signalClosed: (() => void) | undefined;
  private readonly handlerCache = new Map<string, Handler | undefined>();
  private readonly groupQueue: GroupEntry[] = [];
  private isGroupFlushing = false;
  private handlerCacheSize = -1;
  private readonly consumed = meter().createCounter('hotline.messaging.consumed', { description: 'case events handled' });
  private readonly deadLettered = meter().createCounter('hotline.messaging.dead_lettered');
  private readonly handlerDuration = meter().createHistogram('hotline.messaging.handler.duration', { unit: 'ms' });
  private readonly batchSize = meter().createHistogram('hotline.messaging.batch.size', { description: 'messages per batch transaction' });
  private readonly batchFallbacks = meter().createCounter('hotline.messaging.batch.fallbacks', {
    description: 'batches rolled back and handled one message at a time',
  });

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    this.isClosing = false;
    this.closed = new Promise((resolve) => (this.signalClosed = resolve));
    // A service that boots while the broker is down (restarted during a broker restart) keeps
    // serving HTTP, its writes waiting in the outbox, and joins the group once Kafka answers.
    await this.startWhenKafkaAnswers();
    callback();
  }

  async close(): Promise<void> {
    this.isClosing = true;
    this.signalClosed?.();
    await this.stopClients();
  }

  on(): never {
    throw new Error('KafkaEventServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async startWhenKafkaAnswers(): Promise<void> {
    for (let failures = 1; !this.isClosing; failures += 1) {
      const attempt = this.start();
      const outcome = await Promise.race([attempt.then(() => 'started' as const, (err: unknown) => ({ err })), this.closed.then(() => 'closed' as const)]);
      if (outcome === 'started') return;
      if (outcome === 'closed') {
        // kafkajs gives up connecting only after its own retries: do not hold the shutdown for them.
        void attempt.catch(() => undefined).finally(() => this.stopClients());
        return;
      }
      await this.stopClients();
      const delay = backoffMs(failures, 250, 5_000);
      this.options.logger.warn({ err: outcome.err, groupId: this.options.groupId, retryInMs: delay }, 'Kafka consumer could not start; retrying');
      await Promise.race([sleep(delay), this.closed]);
    }
  }

  private async stopClients(): Promise<void> {
    const { consumer, dlqProducer } = this;
    this.consumer = undefined;
    this.dlqProducer = undefined;
    await consumer?.stop().catch(() => undefined);
    await dlqProducer?.disconnect().catch(() => undefined);
  }

  private async start(): Promise<void> {
    const { bus, groupId, topic } = this.options;
    this.dlqProducer = bus.createProducer();
    await this.dlqProducer.connect();
    this.consumer = bus.createConsumer({
      groupId,
      autoCommitIntervalMs: this.options.autoCommitIntervalMs ?? 1_000,
      ...(this.options.sessionTimeoutMs ? { sessionTimeoutMs: this.options.sessionTimeoutMs } : {}),
      ...(this.options.heartbeatIntervalMs ? { heartbeatIntervalMs: this.options.heartbeatIntervalMs } : {}),
      ...(this.options.fetchMinBytes !== undefined ? { fetchMinBytes: this.options.fetchMinBytes } : {}),
      ...(this.options.fetchMaxWaitMs !== undefined ? { fetchMaxWaitMs: this.options.fetchMaxWaitMs } : {}),
    });
    await this.consumer.start({
      topic,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 6,
      eachBatch: async (batch) => {
        const isActive = () => batch.isActive();
        const heartbeat = () => batch.heartbeat();
        const chunkSize = this.options.maxBatchSize ?? 200;
        for (let start = 0; start < batch.messages.length && isActive(); start += chunkSize) {
          const chunk = batch.messages.slice(start, start + chunkSize);
          if (await this.handleChunk(batch.topic, batch.partition, chunk)) {
            batch.resolveOffset(chunk[chunk.length - 1].offset);
            await heartbeat();
            continue;
          }
          // The batch rolled back: handle its messages one at a time, so a poison message is
          // dead-lettered alone and the others still take effect, in the partition's order.
          for (const message of chunk) {
            if (!isActive()) break;
            try {
              await this.handleMessage({ topic: batch.topic, partition: batch.partition, message, heartbeat, isActive });
            } catch (err) {
              if (err instanceof ConsumerStoppedError) break;
              throw err;
            }
            batch.resolveOffset(message.offset);
            await heartbeat();
          }
        }
        await batch.commitOffsetsIfNecessary();
      },
    });
  }

  /**
   * Handles a chunk of one partition's messages in a batch transaction, shared with other partitions'
   * chunks when `coalescePartitions` is on. False, having changed nothing, when the chunk cannot be
   * handled in a batch: the caller then handles its messages one by one.
   */
  private handleChunk(topic: string, partition: number, messages: readonly IncomingMessage[]): Promise<boolean> {
    if (this.options.coalescePartitions === false || !this.options.dataSource) return this.handleBatch(topic, partition, messages);
    return new Promise((done) => {
      this.groupQueue.push({ topic, partition, messages, done });
      if (this.isGroupFlushing) return;
      this.isGroupFlushing = true;
      // The other partitions of the same fetch are handed over in this turn of the event loop: wait for them.
      setImmediate(() => void this.flushGroups());
    });
  }

  /**
   * Group commit. One transaction at a time takes every waiting chunk (up to `maxBatchSize` messages),
   * so partitions that arrive while it runs share the next one. Each partition's messages keep their
   * order inside the group; different partitions never hold the same case. A group that fails is
   * handled again chunk by chunk (then message by message), so a poison message still goes alone.
   */
  private async flushGroups(): Promise<void> {
    const limit = this.options.maxBatchSize ?? 200;
    let entries: GroupEntry[] = [];
    try {
      while (this.groupQueue.length > 0) {
        let taken = 0;
        let count = 0;
        while (taken < this.groupQueue.length && (taken === 0 || count + this.groupQueue[taken].messages.length <= limit)) {
          count += this.groupQueue[taken].messages.length;
          taken += 1;
        }
        entries = this.groupQueue.splice(0, taken);
        const prepared = entries.map((entry) => ({ entry, items: this.batchItems(entry.topic, entry.partition, entry.messages) }));
        const together = prepared.filter((candidate) => candidate.items !== undefined);
        const isGroupHandled = together.length > 1 && (await this.runBatch(together.flatMap((candidate) => candidate.items!)));
        for (const { entry, items } of prepared) {
          if (isGroupHandled && items !== undefined) entry.done(true);
          else entry.done(items === undefined ? false : await this.runBatch(items));
        }
      }
    } catch (err) {
      // Not expected (runBatch reports failure as false): no partition may wait forever.
      this.options.logger.error({ err }, 'group commit failed unexpectedly; handling the waiting batches one message at a time');
      // The group taken out of the queue too (resolving an entry already answered changes nothing).
      for (const entry of [...entries, ...this.groupQueue.splice(0)]) entry.done(false);
    } finally {
      this.isGroupFlushing = false;
    }
  }

  /** One partition's chunk alone in one transaction. */
  private async handleBatch(topic: string, partition: number, messages: readonly IncomingMessage[]): Promise<boolean> {
    const items = this.batchItems(topic, partition, messages);
    return items !== undefined && (await this.runBatch(items));
  }

  /** The chunk's messages that have a handler, decoded; undefined when one does not decode. */
  private batchItems(topic: string, partition: number, messages: readonly IncomingMessage[]): BatchItem[] | undefined {
    const items: BatchItem[] = [];
    for (const message of messages) {
      const { headers } = message;
      if (this.isUnhandledType(headers)) continue;
      const decoded = decodeCaseEvent(message.value);
      if (!decoded.ok) return undefined;
      const handler = this.handlerFor(decoded.event.type);
      if (handler) items.push({ topic, partition, message, event: decoded.event, handler, headers });
    }
    return items;
  }

  /**
   * Handles decoded messages in one database transaction: the inbox rows are claimed in one
   * statement, the handlers run in order on the shared transaction, the writes they deferred to the
   * batch's end are made in bulk, and the outbox rows they wrote are inserted in one statement before
   * the commit. Returns false, having changed nothing, when a handler (or a deferred write) fails: the
   * caller then handles the messages one by one.
   */
  private async runBatch(items: readonly BatchItem[]): Promise<boolean> {
    const dataSource = this.options.dataSource;
    if (!dataSource) return false;
    if (items.length === 0) return true;

    const runner = dataSource.createQueryRunner();
    const started = performance.now();
    try {
      await runner.connect();
      await runner.startTransaction();
      const scope: BatchScope = {
        dataSource,
        manager: runner.manager,
        consumer: this.options.consumerName,
        claimed: await claimInboxRows(runner.manager, this.options.consumerName, items.map((item) => item.event)),
        outbox: [],
        events: items.map((item) => item.event),
        work: new Map(),
      };
      await runInBatchScope(scope, async () => {
        for (const { topic, partition, message, event, handler, headers } of items) {
          await this.runHandler(handler, event, { topic, partition, offset: message.offset }, headers);
        }
        await flushBatchWork(scope);
      });
      await insertOutboxRows(runner.manager, scope.outbox);
      await runner.commitTransaction();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      this.batchFallbacks.add(1, { consumer: this.options.consumerName });
      const partitions = [...new Set(items.map((item) => `${item.topic}/${item.partition}`))];
      this.options.logger.debug({ err, partitions, size: items.length }, 'batch failed; handling its messages again in smaller parts');
      return false;
    } finally {
      await runner.release();
    }
    const elapsed = performance.now() - started;
    this.batchSize.record(items.length, { consumer: this.options.consumerName });
    for (const { event } of items) {
      const attributes = { consumer: this.options.consumerName, type: event.type };
      this.consumed.add(1, attributes);
      this.handlerDuration.record(elapsed / items.length, attributes);
    }
    return true;
  }

  // Most consumers handle a few of the lifecycle's event types: skip the others before paying for
  // JSON parsing and schema validation. Messages without the header are decoded as usual.
  private isUnhandledType(headers: Record<string, string>): boolean {
    const typeHeader = headers['event-type'];
    return typeHeader !== undefined && !this.handlerFor(typeHeader);
  }

  // A consumer that records everything (audit) registers the catch-all pattern '*'. Nest's lookup
  // tries JSON.parse on the pattern and throws for a plain type name, on every message: the answer is
  // kept per type, and forgotten if a handler is added.
  private handlerFor(type: string): Handler | undefined {
    if (this.handlerCacheSize !== this.messageHandlers.size) {
      this.handlerCache.clear();
      this.handlerCacheSize = this.messageHandlers.size;
    }
    if (this.handlerCache.has(type)) return this.handlerCache.get(type);
    const handler = this.getHandlerByPattern(type) ?? this.getHandlerByPattern(ALL_CASE_EVENTS) ?? undefined;
    this.handlerCache.set(type, handler);
    return handler;
  }

  private async handleMessage(input: {
    topic: string;
    partition: number;
    message: IncomingMessage;
    heartbeat: () => Promise<void>;
    isActive: () => boolean;
  }): Promise<void> {
    const { topic, partition, message } = input;
    const { headers } = message;
    if (this.isUnhandledType(headers)) return;
    const decoded = decodeCaseEvent(message.value);
    if (!decoded.ok) {
      await this.deadLetter({ topic, partition, message, reason: `${decoded.error.code}: ${decoded.error.message}` });
      return;
    }
    const event = decoded.event;
    const handler = this.handlerFor(event.type);
    if (!handler) return;

    const maxAttempts = this.options.maxAttempts ?? 3;
    let failures = 0;
    let transientFailures = 0;
    for (;;) {
      const started = performance.now();
      try {
        await this.runHandler(handler, event, { topic, partition, offset: message.offset }, headers);
        this.consumed.add(1, { consumer: this.options.consumerName, type: event.type });
        this.handlerDuration.record(performance.now() - started, { consumer: this.options.consumerName, type: event.type });
        return;
      } catch (err) {
        const context = { caseId: event.caseId, eventId: event.eventId, type: event.type, err };
        if (isTransientError(err)) {
          // Infrastructure is down: keep the partition's order and wait, heartbeating so we keep it.
          transientFailures += 1;
          const delay = backoffMs(transientFailures, 250, 30_000);
          this.options.logger.warn({ ...context, retryInMs: delay }, 'transient failure handling event; retrying');
          await sleep(delay);
        } else {
          failures += 1;
          // A PermanentMessageError says retrying cannot help; anything else unexpected gets a few tries.
          if (err instanceof PermanentMessageError || failures >= maxAttempts) {
            this.options.logger.error(context, 'event failed permanently; sending to the dead-letter topic');
            await this.deadLetter({
              topic,
              partition,
              message,
              reason: err instanceof PermanentMessageError ? `${err.code}: ${err.message}` : `HANDLER.FAILED: ${(err as Error).message ?? String(err)}`,
            });
            return;
          }
          this.options.logger.warn({ ...context, attempt: failures }, 'handler failed; retrying');
          await sleep(100 * failures);
        }
        if (!input.isActive()) throw new ConsumerStoppedError();
        await input.heartbeat();
      }
    }
  }

  private async runHandler(
    handler: Handler,
    event: CaseEvent,
    kafkaContext: KafkaEventContext,
    headers: Record<string, string>,
  ): Promise<void> {
    const parent = contextFrom(headers);
    await tracer().startActiveSpan(
      `${kafkaContext.topic} process ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': kafkaContext.topic,
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.message.id': event.eventId,
          'hotline.case_id': event.caseId,
          'hotline.event_type': event.type,
        },
      },
      parent,
      async (span) => {
        try {
          const result: unknown = await handler(event, kafkaContext);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private async deadLetter(input: { topic: string; partition: number; message: IncomingMessage; reason: string }): Promise<void> {
    const { topic, partition, message, reason } = input;
    this.deadLettered.add(1, { consumer: this.options.consumerName });
    this.options.logger.error({ topic, partition, offset: message.offset, reason }, 'message sent to the dead-letter topic');
    await this.dlqProducer!.send([
      {
        topic: this.options.dlqTopic,
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          'dlq-reason': reason.slice(0, 2000),
          'dlq-consumer': this.options.consumerName,
          'dlq-original-topic': topic,
          'dlq-original-partition': String(partition),
          'dlq-original-offset': message.offset,
          'dlq-at': new Date().toISOString(),
        },
      },
    ]);
    trace.getActiveSpan()?.addEvent('dead-lettered', { reason });
  }
}
