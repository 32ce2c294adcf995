import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { traceIdOf } from '@hotline/observability';
import { projectCaseEvent } from '../domain/case-view-projection';
import { CURRENT_HASH_VERSION, chainHash } from '../domain/hash-chain';
import { withoutSealedContact } from '../domain/personal-data-form';
import { chainHeadFromEvents, lockCaseView, VIEW_ASSIGNMENTS, VIEW_COLUMNS } from './case-view-row';

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
        // After a clash the view's chain head is not trusted: it is read again from the events.
        const result = await processOnce(this.dataSource, AUDIT_CONSUMER, event, (manager) => this.append(manager, event, attempt > 1));
        return result.status === 'duplicate' ? result : result.value;
      } catch (err) {
        // Another append took this place in the chain: the whole transaction rolled back, so try again.
        const isPositionClash =
          (err as { code?: string }).code === UNIQUE_VIOLATION && (err as { constraint?: string }).constraint === POSITION_CONSTRAINT;
        if (!isPositionClash || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * Two statements for an event of a known case: the view row is read and locked (appends for one case
   * are serialised on it; it also holds the chain head), then the event is inserted and the view updated
   * in one statement. A case's first event inserts its view row instead of reading it.
   */
  private async append(manager: EntityManager, event: CaseEvent, resyncChainHead: boolean): Promise<RecordCaseEventResult> {
    const { caseId } = event;
    const locked = await lockCaseView(manager, caseId);
    if (resyncChainHead) Object.assign(locked, await chainHeadFromEvents(manager, caseId));
    const position = locked.chainPosition + 1;
    const prevHash = locked.chainHash;
    const envelope = withoutSealedContact(event) as CaseEvent;
    const hash = chainHash(prevHash, envelope, CURRENT_HASH_VERSION);
    const { view, anomaly } = projectCaseEvent(locked.view, event);
    await manager.query(
      `WITH appended AS (
         INSERT INTO audit.case_events (event_id, case_id, position, type, version, occurred_at, producer, correlation_id,
                                        causation_id, trace_id, envelope, prev_hash, hash, hash_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)
       )
       UPDATE audit.case_view SET ${VIEW_ASSIGNMENTS}, chain_position = $3, chain_hash = $13, updated_at = now()
        WHERE case_id = $2`,
      [
        event.eventId,
        caseId,
        position,
        event.type,
        event.version,
        new Date(event.occurredAt),
        event.producer,
        event.correlationId,
        event.causationId,
        traceIdOf(event.traceContext.traceparent),
        JSON.stringify(envelope),
        prevHash,
        hash,
        CURRENT_HASH_VERSION,
        ...VIEW_COLUMNS.map(([field]) => view[field]),
      ],
    );
    if (event.type === 'case.personal_data_erased') await this.erasePersonalData(manager, caseId, new Date(event.occurredAt));
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
