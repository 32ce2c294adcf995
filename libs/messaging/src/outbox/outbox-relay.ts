import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Client } from 'pg';
import { PreparingClient } from '@hotline/persistence';
import type { CaseEvent } from '@hotline/contracts';
import { contextFrom, tracer, type Logger } from '@hotline/observability';
import type { EventProducer, OutgoingMessage } from '../kafka/event-bus';
import { outboxChannel } from './append-to-outbox';
import { registerLocalRelay, type LocalRelay } from './outbox-wakeups';
import { backoffMs, sleep } from '../backoff';

export interface OutboxRelayOptions {
  databaseUrl: string;
  schema: string;
  producer: EventProducer;
  logger: Logger;
  batchSize: number;
  pollIntervalMs: number;
  /** Published rows older than this are deleted; the audit log is the record, not the outbox. */
  retainPublishedMs?: number;
}

interface PendingRow {
  seq: string;
  topic: string;
  message_key: string;
  envelope: CaseEvent;
}


/**
 * Publishes outbox rows to Kafka in insertion order. One relay per schema holds a session advisory lock
 * on its own connection, so two replicas never publish (and reorder) the same case's events.
 *
 * Woken after each commit of its schema's rows: directly by writers in its own process while it holds
 * the lock (outbox-wakeups.ts), by NOTIFY from other processes (the writers of a replica whose relay
 * does not hold it), and by its poll interval, the net under both.
 */
export class OutboxRelay implements LocalRelay {
  private client: Client | undefined;
  private isRunning = false;
  private hasLock = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  // Set by every NOTIFY, cleared just before a batch is read: a commit that lands while the relay is
  // publishing makes it look again at once instead of sleeping its poll interval.
  private hasPendingWork = true;
  private lastCleanup = 0;
  private unregister: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  get isPublishing(): boolean {
    return this.isRunning && this.hasLock;
  }

  /** A commit of this schema's rows in this process: read again at once, or as soon as the current pass ends. */
  wakeUp(): void {
    this.hasPendingWork = true;
    this.wake?.();
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.unregister = registerLocalRelay(this.options.schema, this);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.unregister?.();
    this.unregister = undefined;
    this.wake?.();
    await this.loop;
    await this.disconnect();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      try {
        // Connecting here, not at boot, keeps the service up (and its health honest) while Kafka is down.
        if (!this.options.producer.isConnected) await this.options.producer.connect();
        await this.connect();
        if (!this.hasLock) {
          this.hasLock = await this.tryLock();
          if (!this.hasLock) {
            // Another replica publishes; try for the lock again after a commit or a poll interval.
            this.hasPendingWork = false;
            await this.waitForWork();
            continue;
          }
        }
        const published = await this.publishBatch();
        failures = 0;
        await this.cleanupOccasionally();
        if (published < this.options.batchSize) await this.waitForWork();
      } catch (err) {
        failures += 1;
        const delay = backoffMs(failures, 200, 30_000);
        this.options.logger.warn({ err, schema: this.options.schema, retryInMs: delay }, 'outbox relay failed; retrying');
        await this.disconnect();
        await sleep(delay);
      }
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    // Its SELECT and UPDATE repeat on every wake-up: prepared once on this connection.
    const client = new PreparingClient({ connectionString: this.options.databaseUrl, application_name: `outbox-relay:${this.options.schema}` });
    client.on('error', (err) => this.options.logger.warn({ err }, 'outbox relay connection error'));
    client.on('notification', () => this.wakeUp());
    await client.connect();
    await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
    // Rows committed while no connection listened were announced to nobody.
    this.hasPendingWork = true;
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.hasLock = false;
    // Closing the session releases the advisory lock.
    await client?.end().catch(() => undefined);
  }

  private async tryLock(): Promise<boolean> {
    const client = await this.connect();
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `outbox-relay:${this.options.schema}`,
    ]);
    return result.rows[0]?.locked === true;
  }

  private waitForWork(): Promise<void> {
    // A stop that came during the pass (its wake-up found no sleeper) ends the loop now, not a poll later.
    if (this.hasPendingWork || !this.isRunning) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wake = done;
    });
  }

  /**
   * Reads the oldest unpublished rows, publishes them and marks them published: two statements, each
   * its own implicit transaction. The session's advisory lock already makes this relay its schema's only
   * publisher, so the rows need no lock of their own and the batch no explicit transaction (which cost a
   * BEGIN and a COMMIT round trip on every wake-up). A failure between the send and the mark leaves the
   * rows unpublished: they are sent again, and the consumers' inboxes drop the copies.
   */
  private async publishBatch(): Promise<number> {
    const client = await this.connect();
    const { schema, batchSize, producer } = this.options;
    this.hasPendingWork = false;
    const { rows } = await client.query<PendingRow>(
      `SELECT seq, topic, message_key, envelope FROM "${schema}".outbox
        WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [batchSize],
    );
    if (rows.length === 0) return 0;
    const spans = rows.map((row) =>
      tracer().startSpan(
        `${row.topic} publish`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': row.topic,
            'messaging.message.id': row.envelope.eventId,
            'hotline.case_id': row.envelope.caseId,
            'hotline.event_type': row.envelope.type,
          },
        },
        contextFrom(row.envelope.traceContext),
      ),
    );
    const messages: OutgoingMessage[] = rows.map((row, index) => {
      const headers: Record<string, string> = {
        'event-id': row.envelope.eventId,
        'event-type': row.envelope.type,
        'event-version': String(row.envelope.version),
      };
      // The publish span becomes the parent of the consumer's span: one trace per case.
      propagation.inject(trace.setSpan(context.active(), spans[index]), headers);
      return { topic: row.topic, key: row.message_key, value: JSON.stringify(row.envelope), headers };
    });
    try {
      await producer.send(messages);
    } catch (err) {
      spans.forEach((span) => {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      throw err;
    }
    spans.forEach((span) => span.end());
    await client.query(`UPDATE "${schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((row) => row.seq)]);
    return rows.length;
  }

  private async cleanupOccasionally(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    const retainMs = this.options.retainPublishedMs ?? 24 * 3600 * 1000;
    await this.client?.query(
      `DELETE FROM "${this.options.schema}".outbox WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`,
      [retainMs],
    );
  }
}
