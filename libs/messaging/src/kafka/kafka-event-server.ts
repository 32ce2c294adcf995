import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { decodeCaseEvent, type CaseEvent } from '@hotline/contracts';
import { contextFrom, meter, tracer, type Logger } from '@hotline/observability';
import { PermanentMessageError, isTransientError } from '../errors';
import { createOrderedProducer } from './kafka-client';

export interface KafkaEventServerOptions {
  kafka: Kafka;
  /** The consumer's name in the inbox and logs, e.g. `dispatch`. */
  consumerName: string;
  groupId: string;
  topic: string;
  dlqTopic: string;
  logger: Logger;
  /** Attempts for a non-transient handler failure before the message goes to the DLQ. */
  maxAttempts?: number;
  partitionsConsumedConcurrently?: number;
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function headerMap(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[key] = first.toString();
  }
  return headers;
}

/**
 * A Nest microservice transport that consumes case events with `eachBatch`, routes each to the
 * `@EventPattern(type)` handler, retries transient failures without losing the partition's order,
 * sends poison messages to the dead-letter topic, and resolves an offset only after its handler
 * (and so its database transaction) has finished.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private dlqProducer: Producer | undefined;
  private readonly consumed = meter().createCounter('hotline.messaging.consumed', { description: 'case events handled' });
  private readonly deadLettered = meter().createCounter('hotline.messaging.dead_lettered');
  private readonly handlerDuration = meter().createHistogram('hotline.messaging.handler.duration', { unit: 'ms' });

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
  }

  on(): never {
    throw new Error('KafkaEventServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const { kafka, groupId, topic } = this.options;
    this.dlqProducer = createOrderedProducer(kafka);
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000, retry: { retries: 10 } });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const isActive = () => payload.isRunning() && !payload.isStale();
        const heartbeat = () => payload.heartbeat();
        for (const message of batch.messages) {
          if (!isActive()) break;
          try {
            await this.handleMessage({ topic: batch.topic, partition: batch.partition, message, heartbeat, isActive });
          } catch (err) {
            if (err instanceof ConsumerStoppedError) break;
            throw err;
          }
          payload.resolveOffset(message.offset);
          await heartbeat();
        }
        await payload.commitOffsetsIfNecessary();
      },
    });
  }

  private async handleMessage(input: {
    topic: string;
    partition: number;
    message: KafkaMessage;
    heartbeat: () => Promise<void>;
    isActive: () => boolean;
  }): Promise<void> {
    const { topic, partition, message } = input;
    const headers = headerMap(message);
    // Most consumers handle a few of the lifecycle's event types: skip the others before paying for
    // JSON parsing and schema validation. Messages without the header are decoded as usual.
    const typeHeader = headers['event-type'];
    const isUnhandledType =
      typeHeader !== undefined && !this.getHandlerByPattern(typeHeader) && !this.getHandlerByPattern(ALL_CASE_EVENTS);
    if (isUnhandledType) return;
    const decoded = decodeCaseEvent(message.value);
    if (!decoded.ok) {
      await this.deadLetter({ topic, partition, message, reason: `${decoded.error.code}: ${decoded.error.message}` });
      return;
    }
    const event = decoded.event;
    // A consumer that records everything (audit) registers the catch-all pattern '*'.
    const handler = this.getHandlerByPattern(event.type) ?? this.getHandlerByPattern(ALL_CASE_EVENTS);
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
          const delay = Math.min(30_000, 250 * 2 ** Math.min(transientFailures, 7));
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
    handler: NonNullable<ReturnType<Server['getHandlerByPattern']>>,
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

  private async deadLetter(input: { topic: string; partition: number; message: KafkaMessage; reason: string }): Promise<void> {
    const { topic, partition, message, reason } = input;
    this.deadLettered.add(1, { consumer: this.options.consumerName });
    this.options.logger.error({ topic, partition, offset: message.offset, reason }, 'message sent to the dead-letter topic');
    await this.dlqProducer!.send({
      topic: this.options.dlqTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...headerMap(message),
            'dlq-reason': reason.slice(0, 2000),
            'dlq-consumer': this.options.consumerName,
            'dlq-original-topic': topic,
            'dlq-original-partition': String(partition),
            'dlq-original-offset': message.offset,
            'dlq-at': new Date().toISOString(),
          },
        },
      ],
    });
    trace.getActiveSpan()?.addEvent('dead-lettered', { reason });
  }
}
