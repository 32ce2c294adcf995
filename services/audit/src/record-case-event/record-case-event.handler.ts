import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { traceIdOf } from '@hotline/observability';
import { projectCaseEvent } from '../domain/case-view-projection';
import { CURRENT_HASH_VERSION, chainHash } from '../domain/hash-chain';
import { withoutSealedContact } from '../domain/personal-data-form';
import { CaseEventRecord } from '../infrastructure/database/entities/case-event.entity';
import { CaseViewRecord } from '../infrastructure/database/entities/case-view.entity';

export type RecordCaseEventResult =
  | { status: 'recorded'; position: number; anomaly: string | null }
  | { status: 'duplicate' };

export const AUDIT_CONSUMER = 'audit';
const UNIQUE_VIOLATION = '23505';
const POSITION_CONSTRAINT = 'case_events_case_position';
const MAX_ATTEMPTS = 3;

@Injectable()
export class RecordCaseEventHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends the event to its case's hash chain and updates the case view, once per event. */
  async execute(event: CaseEvent): Promise<RecordCaseEventResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await processOnce(this.dataSource, AUDIT_CONSUMER, event, (manager) => this.append(manager, event));
        return result.status === 'duplicate' ? result : result.value;
      } catch (err) {
        // Another append took this place in the chain: the whole transaction rolled back, so try again.
        const isPositionClash =
          (err as { code?: string }).code === UNIQUE_VIOLATION && (err as { constraint?: string }).constraint === POSITION_CONSTRAINT;
        if (!isPositionClash || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  private async append(manager: EntityManager, event: CaseEvent): Promise<RecordCaseEventResult> {
    const { caseId } = event;
    // The view row is the case's lock: appends for one case are serialised on it.
    await manager.createQueryBuilder().insert().into(CaseViewRecord).values({ caseId }).orIgnore().execute();
    const locked = await manager
      .getRepository(CaseViewRecord)
      .createQueryBuilder('view')
      .setLock('pessimistic_write')
      .where('view.case_id = :caseId', { caseId })
      .getOneOrFail();
    const last = await manager.getRepository(CaseEventRecord).findOne({
      select: { position: true, hash: true },
      where: { caseId },
      order: { position: 'DESC' },
    });
    const position = (last?.position ?? 0) + 1;
    const prevHash = last?.hash ?? null;
    const envelope = withoutSealedContact(event) as CaseEvent;
    await manager.getRepository(CaseEventRecord).insert({
      eventId: event.eventId,
      caseId,
      position,
      type: event.type,
      version: event.version,
      occurredAt: new Date(event.occurredAt),
      producer: event.producer,
      correlationId: event.correlationId,
      causationId: event.causationId,
      traceId: traceIdOf(event.traceContext.traceparent),
      envelope,
      prevHash,
      hash: chainHash(prevHash, envelope, CURRENT_HASH_VERSION),
      hashVersion: CURRENT_HASH_VERSION,
      personalDataErasedAt: null,
    });
    if (event.type === 'case.personal_data_erased') await this.erasePersonalData(manager, caseId, new Date(event.occurredAt));
    const { caseId: _caseId, updatedAt: _updatedAt, ...current } = locked;
    const { view, anomaly } = projectCaseEvent(current, event);
    await manager.getRepository(CaseViewRecord).update({ caseId }, { ...view, updatedAt: new Date() });
    return { status: 'recorded', position, anomaly };
  }

  // Retention: the event itself is the audit row saying what was erased and when; the contact goes
  // from every earlier event of the case, which the append-only trigger allows and the chain survives.
  private async erasePersonalData(manager: EntityManager, caseId: string, erasedAt: Date): Promise<void> {
    await manager.query(
      `UPDATE audit.case_events SET envelope = audit.without_personal_data(envelope), personal_data_erased_at = $2
        WHERE case_id = $1 AND personal_data_erased_at IS NULL AND jsonb_typeof(envelope #> '{payload,reporter}') = 'object'`,
      [caseId, erasedAt],
    );
  }
}
