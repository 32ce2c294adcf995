import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox, outboxInsertSql, outboxRowsFor, type PendingOutboxRow } from '@hotline/messaging';
import { PersonalDataCipher, maskReporter } from '@hotline/personal-data';
import { requestFingerprint } from '../domain/request-fingerprint';
import { newTrackingNumber } from '../domain/tracking-number';
import { CaseRecord } from '../infrastructure/database/entities/case.entity';
import { IdempotencyKeyRecord } from '../infrastructure/database/entities/idempotency-key.entity';
import type { ReceiveCaseRequest } from './receive-case.request';
import { StatementGroup, type StatementGroupOptions } from './statement-group';

/** How POST /v1/cases groups its inserts (INTAKE_RECEIVE_STATEMENTS, INTAKE_RECEIVE_GROUP_MAX). */
export const RECEIVE_GROUP_OPTIONS = Symbol('RECEIVE_GROUP_OPTIONS');

export type ReceiveCaseResult =
  | { status: 'received'; caseId: string; trackingNumber: string }
  | { status: 'replayed'; caseId: string; trackingNumber: string }
  | { status: 'idempotency_mismatch'; caseId: string };

const UNIQUE_VIOLATION = '23505';

type CaseRow = Omit<CaseRecord, 'personalDataErasedAt'>;

interface NewOrder {
  record: CaseRow;
  event: CaseEvent;
  /** The event's outbox row, with the trace context of the request that made it. */
  outboxRow: PendingOutboxRow;
  fingerprint: string;
}

/** intake.cases' columns written at 受理, in the order the inserts pass them, with their SQL types. */
const CASE_COLUMNS: readonly (readonly [keyof CaseRow, string, string])[] = [
  ['caseId', 'case_id', 'uuid'],
  ['trackingNumber', 'tracking_number', 'text'],
  ['type', 'type', 'text'],
  ['channel', 'channel', 'text'],
  ['title', 'title', 'text'],
  ['description', 'description', 'text'],
  ['lat', 'lat', 'float8'],
  ['lng', 'lng', 'float8'],
  ['datum', 'datum', 'text'],
  ['address', 'address', 'text'],
  ['reporterName', 'reporter_name', 'text'],
  ['reporterPhone', 'reporter_phone', 'text'],
  ['reporterConfidential', 'reporter_confidential', 'boolean'],
  ['externalId', 'external_id', 'text'],
  ['reportedAt', 'reported_at', 'timestamptz'],
  ['receivedAt', 'received_at', 'timestamptz'],
];

const COLUMN_LIST = CASE_COLUMNS.map(([, column]) => column).join(', ');
const COLUMN_ARRAYS = CASE_COLUMNS.map(([, , type], i) => `$${3 + i}::${type}[]`).join(', ');

/** One POST's order and the Idempotency-Key it came with. */
interface KeyedOrder {
  order: NewOrder;
  idempotencyKey: string | undefined;
}

export interface ReceiveCaseOptions {
  /** Channel grid: the reporting inspector (the principal), recorded with the report that awaits filing. */
  gridReport?: { inspectorId: string };
  /** What a channel records beside the case, in the same transaction (a replay records nothing). */
  alsoRecord?: (manager: EntityManager, received: { caseId: string; trackingNumber: string; receivedAt: Date }) => Promise<void>;
}

@Injectable()
export class ReceiveCaseHandler {
  private readonly group: StatementGroup<KeyedOrder, ReceiveCaseResult>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
    @Inject(RECEIVE_GROUP_OPTIONS) groupOptions: StatementGroupOptions,
  ) {
    this.group = new StatementGroup(
      groupOptions,
      (orders) => this.receiveTogether(orders),
      async (order) => (await this.receiveTogether([order]))[0],
    );
  }

  /** POSTs waiting for the next grouped insert. */
  get waitingReceives(): number {
    return this.group.waitingCount;
  }

  /** 受理: records the work order and its `case.received` event atomically. */
  async execute(request: ReceiveCaseRequest, idempotencyKey: string | undefined, options: ReceiveCaseOptions = {}): Promise<ReceiveCaseResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const order = this.newOrder(request, options.gridReport);
        const alsoRecord = options.gridReport ? this.recordGridReport(request, options.gridReport, options.alsoRecord) : options.alsoRecord;
        if (!alsoRecord) return await this.group.submit({ order, idempotencyKey });
        return await this.dataSource.transaction((manager) => this.receive(manager, order, idempotencyKey, alsoRecord));
      } catch (err) {
        const isTrackingNumberClash =
          (err as { code?: string }).code === UNIQUE_VIOLATION && String((err as { detail?: string }).detail).includes('tracking_number');
        if (!isTrackingNumberClash || attempt >= 3) throw err;
      }
    }
  }

  /** The work order's row and its event, built before anything is written. */
  /** 数字城管: the report waits for the centre to file it (POST /v1/cases/{caseId}/filing). */
  private recordGridReport(
    request: ReceiveCaseRequest,
    grid: { inspectorId: string },
    then: ReceiveCaseOptions['alsoRecord'],
  ): NonNullable<ReceiveCaseOptions['alsoRecord']> {
    return async (manager, received) => {
      await manager.query(
        'INSERT INTO intake.grid_reports (case_id, inspector_id, event_class, component_code, received_at) VALUES ($1, $2, $3, $4, $5)',
        [received.caseId, grid.inspectorId, request.gridEventClass ?? null, request.componentCode ?? null, received.receivedAt],
      );
      await then?.(manager, received);
    };
  }

  private newOrder(request: ReceiveCaseRequest, grid: { inspectorId: string } | undefined): NewOrder {
    const caseId = randomUUID();
    const now = new Date();
    const trackingNumber = newTrackingNumber(now);
    const reportedAt = request.reportedAt ? new Date(request.reportedAt) : now;
    const reporter = request.reporter
      ? { name: request.reporter.name ?? null, phone: request.reporter.phone ?? null, confidential: request.reporter.confidential }
      : null;
    // Sealed once: the same ciphertexts are stored here and carried to the follow-up desk.
    const sealed = reporter ? { name: this.cipher.sealNullable(reporter.name), phone: this.cipher.sealNullable(reporter.phone) } : null;
    const record: CaseRow = {
      caseId,
      trackingNumber,
      type: request.type,
      channel: request.channel,
      title: request.title ?? null,
      description: request.description,
      lat: request.location?.lat ?? null,
      lng: request.location?.lng ?? null,
      datum: request.location?.datum ?? null,
      address: request.address ?? null,
      reporterName: sealed?.name ?? null,
      reporterPhone: sealed?.phone ?? null,
      reporterConfidential: request.reporter?.confidential ?? false,
      externalId: request.externalId ?? null,
      reportedAt,
      receivedAt: now,
    };
    const event = newCaseEvent({
      type: 'case.received',
      caseId,
      producer: 'intake',
      occurredAt: now,
      payload: {
        trackingNumber,
        type: request.type,
        channel: request.channel,
        title: request.title ?? null,
        description: request.description,
        location: request.location ?? null,
        address: request.address ?? null,
        reporter: reporter && sealed ? { ...maskReporter(reporter), sealed } : null,
        externalId: request.externalId ?? null,
        reportedAt: reportedAt.toISOString(),
        ...(grid ? { inspectorId: grid.inspectorId } : {}),
        ...(request.gridEventClass ? { gridEventClass: request.gridEventClass } : {}),
        ...(request.componentCode ? { componentCode: request.componentCode } : {}),
      },
    });
    return { record, event, outboxRow: outboxRowsFor([event])[0], fingerprint: requestFingerprint(request) };
  }

  /**
   * The hot path, with group commit (statement-group.ts): the idempotency keys, work orders and outbox
   * rows of the POSTs that arrived together (or of one alone) in one statement, so one round trip, one
   * commit and one relay wake-up, and no explicit transaction. An order whose key was already taken inserts
   * nothing and is replayed on its own.
   */
  private async receiveTogether(orders: readonly KeyedOrder[]): Promise<(ReceiveCaseResult | Promise<ReceiveCaseResult>)[]> {
    const manager = this.dataSource.manager;
    const outbox = outboxInsertSql(
      manager,
      orders.map(({ order }) => order.outboxRow),
      3 + CASE_COLUMNS.length,
      "(r->>'messageKey')::uuid IN (SELECT case_id FROM received)",
    );
    const [row] = await manager.query<{ received: string[] }[]>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], ${COLUMN_ARRAYS}) WITH ORDINALITY AS t(idempotency_key, request_hash, ${COLUMN_LIST}, n)
       ), claimed AS (
         INSERT INTO intake.idempotency_keys (key, request_hash, case_id)
         SELECT idempotency_key, request_hash, case_id FROM input WHERE idempotency_key IS NOT NULL ORDER BY n
         ON CONFLICT (key) DO NOTHING RETURNING case_id
       ), received AS (
         INSERT INTO intake.cases (${COLUMN_LIST})
         SELECT ${COLUMN_LIST} FROM input
          WHERE idempotency_key IS NULL OR case_id IN (SELECT case_id FROM claimed) ORDER BY n
         RETURNING case_id
       ), ${outbox.cte}
       SELECT ARRAY(SELECT case_id::text FROM received) AS received, ${outbox.notify} AS notified`,
      [
        orders.map(({ idempotencyKey }) => idempotencyKey ?? null),
        orders.map(({ order }) => order.fingerprint),
        ...CASE_COLUMNS.map(([field]) => orders.map(({ order }) => order.record[field])),
        ...outbox.parameters,
      ],
    );
    const received = new Set(row.received);
    if (received.size > 0) outbox.wakeUp();
    // The statement has committed: from here each order's answer is its own (a replay that fails fails
    // only its request, and never sends the group to be inserted again).
    return orders.map(({ order, idempotencyKey }) =>
      received.has(order.record.caseId)
        ? { status: 'received', caseId: order.record.caseId, trackingNumber: order.record.trackingNumber }
        : this.dataSource.transaction((replaying) => this.replay(replaying, idempotencyKey!, order.fingerprint)),
    );
  }

  private async receive(
    manager: EntityManager,
    { record, event, fingerprint }: NewOrder,
    idempotencyKey: string | undefined,
    alsoRecord: NonNullable<ReceiveCaseOptions['alsoRecord']>,
  ): Promise<ReceiveCaseResult> {
    const { caseId, trackingNumber } = record;
    if (idempotencyKey) {
      // The insert waits on a concurrent holder of the same key, then sees its committed row.
      const claimed = await manager
        .createQueryBuilder()
        .insert()
        .into(IdempotencyKeyRecord)
        .values({ key: idempotencyKey, requestHash: fingerprint, caseId })
        .orIgnore()
        .returning('key')
        .execute();
      const isKeyTaken = (claimed.raw as unknown[]).length === 0;
      if (isKeyTaken) return this.replay(manager, idempotencyKey, fingerprint);
    }
    await manager.getRepository(CaseRecord).insert(record);
    await appendToOutbox(manager, [event]);
    await alsoRecord(manager, { caseId, trackingNumber, receivedAt: record.receivedAt });
    return { status: 'received', caseId, trackingNumber };
  }

  private async replay(manager: EntityManager, key: string, fingerprint: string): Promise<ReceiveCaseResult> {
    const existing = await manager.getRepository(IdempotencyKeyRecord).findOneByOrFail({ key });
    if (existing.requestHash !== fingerprint) return { status: 'idempotency_mismatch', caseId: existing.caseId };
    const record = await manager.getRepository(CaseRecord).findOneByOrFail({ caseId: existing.caseId });
    return { status: 'replayed', caseId: record.caseId, trackingNumber: record.trackingNumber };
  }
}
