import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
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

export interface ReceiveCaseOptions {
  /** What a channel records beside the case, in the same transaction (a replay records nothing). */
  alsoRecord?: (manager: EntityManager, received: { caseId: string; trackingNumber: string; receivedAt: Date }) => Promise<void>;
}

@Injectable()
export class ReceiveCaseHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** 受理: records the work order and its `case.received` event in one transaction. */
  async execute(request: ReceiveCaseRequest, idempotencyKey: string | undefined, options: ReceiveCaseOptions = {}): Promise<ReceiveCaseResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction((manager) => this.receive(manager, { request, idempotencyKey, options }));
      } catch (err) {
        const isTrackingNumberClash =
          (err as { code?: string }).code === UNIQUE_VIOLATION && String((err as { detail?: string }).detail).includes('tracking_number');
        if (!isTrackingNumberClash || attempt >= 3) throw err;
      }
    }
  }

  private async receive(
    manager: EntityManager,
    { request, idempotencyKey, options }: { request: ReceiveCaseRequest; idempotencyKey: string | undefined; options: ReceiveCaseOptions },
  ): Promise<ReceiveCaseResult> {
    const caseId = randomUUID();
    const fingerprint = requestFingerprint(request);
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
    const now = new Date();
    const trackingNumber = newTrackingNumber(now);
    const reportedAt = request.reportedAt ? new Date(request.reportedAt) : now;
    const reporter = request.reporter
      ? { name: request.reporter.name ?? null, phone: request.reporter.phone ?? null, confidential: request.reporter.confidential }
      : null;
    // Sealed once: the same ciphertexts are stored here and carried to the follow-up desk.
    const sealed = reporter ? { name: this.cipher.sealNullable(reporter.name), phone: this.cipher.sealNullable(reporter.phone) } : null;
    await manager.getRepository(CaseRecord).insert({
      caseId,
      trackingNumber,
      type: request.type,
      channel: request.channel,
      title: request.title ?? null,
      description: request.description,
      lat: request.location?.lat ?? null,
      lng: request.location?.lng ?? null,
      address: request.address ?? null,
      reporterName: sealed?.name ?? null,
      reporterPhone: sealed?.phone ?? null,
      reporterConfidential: request.reporter?.confidential ?? false,
      externalId: request.externalId ?? null,
      reportedAt,
    });
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
      },
    });
    await appendToOutbox(manager, [event]);
    await options.alsoRecord?.(manager, { caseId, trackingNumber, receivedAt: now });
    return { status: 'received', caseId, trackingNumber };
  }

  private async replay(manager: EntityManager, key: string, fingerprint: string): Promise<ReceiveCaseResult> {
    const existing = await manager.getRepository(IdempotencyKeyRecord).findOneByOrFail({ key });
    if (existing.requestHash !== fingerprint) return { status: 'idempotency_mismatch', caseId: existing.caseId };
    const record = await manager.getRepository(CaseRecord).findOneByOrFail({ caseId: existing.caseId });
    return { status: 'replayed', caseId: record.caseId, trackingNumber: record.trackingNumber };
  }
}
