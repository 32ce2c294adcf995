import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox, outboxInsertSql, outboxRowsFor } from '@hotline/messaging';
import { PersonalDataCipher, maskReporter } from '@hotline/personal-data';
import { requestFingerprint } from '../domain/request-fingerprint';
import { newTrackingNumber } from '../domain/tracking-number';
import { CaseRecord } from '../infrastructure/database/entities/case.entity';
import { IdempotencyKeyRecord } from '../infrastructure/database/entities/idempotency-key.entity';
import type { ReceiveCaseRequest } from './receive-case.request';

export type ReceiveCaseResult =
  | { status: 'received'; caseId: string; trackingNumber: string }
  | { status: 'replayed'; caseId: string; trackingNumber: string }
  | { status: 'idempotency_mismatch'; caseId: string };

const UNIQUE_VIOLATION = '23505';

type CaseRow = Omit<CaseRecord, 'personalDataErasedAt'>;

interface NewOrder {
  record: CaseRow;
  event: CaseEvent;
  fingerprint: string;
}

/** intake.cases' columns written at 受理, in the order the one-statement insert passes them. */
const CASE_COLUMNS: readonly (readonly [keyof CaseRow, string])[] = [
  ['caseId', 'case_id'],
  ['trackingNumber', 'tracking_number'],
  ['type', 'type'],
  ['channel', 'channel'],
  ['title', 'title'],
  ['description', 'description'],
  ['lat', 'lat'],
  ['lng', 'lng'],
  ['datum', 'datum'],
  ['address', 'address'],
  ['reporterName', 'reporter_name'],
  ['reporterPhone', 'reporter_phone'],
  ['reporterConfidential', 'reporter_confidential'],
  ['externalId', 'external_id'],
  ['reportedAt', 'reported_at'],
  ['receivedAt', 'received_at'],
];

export interface ReceiveCaseOptions {
  /** Channel grid: the reporting inspector (the principal), recorded with the report that awaits filing. */
  gridReport?: { inspectorId: string };
  /** What a channel records beside the case, in the same transaction (a replay records nothing). */
  alsoRecord?: (manager: EntityManager, received: { caseId: string; trackingNumber: string; receivedAt: Date }) => Promise<void>;
}

@Injectable()
export class ReceiveCaseHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** 受理: records the work order and its `case.received` event atomically. */
  async execute(request: ReceiveCaseRequest, idempotencyKey: string | undefined, options: ReceiveCaseOptions = {}): Promise<ReceiveCaseResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const order = this.newOrder(request, options.gridReport);
        const alsoRecord = options.gridReport ? this.recordGridReport(request, options.gridReport, options.alsoRecord) : options.alsoRecord;
        if (!alsoRecord) return await this.receiveInOneStatement(order, idempotencyKey);
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
    return { record, event, fingerprint: requestFingerprint(request) };
  }

  /**
   * The hot path: the idempotency key, the work order and its outbox row in one statement, so one
   * round trip and no explicit transaction. A key already taken inserts nothing and is replayed.
   */
  private async receiveInOneStatement(order: NewOrder, idempotencyKey: string | undefined): Promise<ReceiveCaseResult> {
    const { record, event, fingerprint } = order;
    const manager = this.dataSource.manager;
    const columns = CASE_COLUMNS.map(([, column]) => column).join(', ');
    const values = CASE_COLUMNS.map((_, i) => `$${4 + i}`).join(', ');
    const outbox = outboxInsertSql(manager, outboxRowsFor([event]), 4 + CASE_COLUMNS.length, 'EXISTS (SELECT 1 FROM received)');
    const [row] = await manager.query<{ received: number }[]>(
      `WITH claimed AS (
         INSERT INTO intake.idempotency_keys (key, request_hash, case_id)
         SELECT $1, $2, $3 WHERE $1::text IS NOT NULL
         ON CONFLICT (key) DO NOTHING RETURNING key
       ), received AS (
         INSERT INTO intake.cases (${columns})
         SELECT ${values} WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM claimed)
         RETURNING case_id
       ), ${outbox.cte}
       SELECT (SELECT count(*) FROM received)::int AS received, ${outbox.notify} AS notified`,
      [idempotencyKey ?? null, fingerprint, record.caseId, ...CASE_COLUMNS.map(([field]) => record[field]), ...outbox.parameters],
    );
    if (row.received === 1) return { status: 'received', caseId: record.caseId, trackingNumber: record.trackingNumber };
    return this.dataSource.transaction((replaying) => this.replay(replaying, idempotencyKey!, fingerprint));
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
