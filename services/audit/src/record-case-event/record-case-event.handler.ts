import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce, withBatchWork, type BatchWork } from '@hotline/messaging';
import { traceIdOf } from '@hotline/observability';
import { BatchedRows, BatchedRowsConflictError, insertRows } from '@hotline/persistence';
import { projectCaseEvent } from '../domain/case-view-projection';
import { CURRENT_HASH_VERSION, chainHash } from '../domain/hash-chain';
import { withoutSealedContact } from '../domain/personal-data-form';
import { CaseEventRecord } from '../infrastructure/database/entities/case-event.entity';
import { CaseViewRecord } from '../infrastructure/database/entities/case-view.entity';
import { chainHeadFromEvents, fromRecord, toRecord } from './case-view-row';

export type RecordCaseEventResult =
  | { status: 'recorded'; position: number; anomaly: string | null }
  | { status: 'duplicate' };

export const AUDIT_CONSUMER = 'audit';
const UNIQUE_VIOLATION = '23505';
const POSITION_CONSTRAINT = 'case_events_case_position';
const MAX_ATTEMPTS = 3;

/**
 * The case views of a batch's cases, read and locked in one statement (appends for one case are
 * serialised on its view row, which also holds the chain head), and the batch's events: inserted in
 * one statement, in order, then the views updated in one.
 */
class AuditRows implements BatchWork {
  readonly views: BatchedRows<CaseViewRecord>;
  readonly events: Partial<CaseEventRecord>[] = [];

  constructor(
    private readonly manager: EntityManager,
    events: readonly CaseEvent[],
  ) {
    this.views = new BatchedRows(manager, CaseViewRecord, events.map((event) => event.caseId));
  }

  async flush(): Promise<void> {
    await insertRows(this.manager, CaseEventRecord, this.events.splice(0));
    await this.views.flush();
  }
}

const AUDIT_ROWS = Symbol('audit.rows');

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
        // Another append took this place in the chain (or made the case's view first): the whole
        // transaction rolled back, so try again.
        const isPositionClash =
          err instanceof BatchedRowsConflictError ||
          ((err as { code?: string }).code === UNIQUE_VIOLATION && (err as { constraint?: string }).constraint === POSITION_CONSTRAINT);
        if (!isPositionClash || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * Folds the event into its case's chain and view. In a batch the view rows of all its cases are read
   * in one statement and the events and views written in two when the batch ends; alone, the same
   * three statements for the one event.
   */
  private append(manager: EntityManager, event: CaseEvent, resyncChainHead: boolean): Promise<RecordCaseEventResult> {
    return withBatchWork(
      manager,
      AUDIT_ROWS,
      event,
      (events) => new AuditRows(manager, events),
      async (rows) => {
        const { caseId } = event;
        const row = await rows.views.get(caseId);
        const locked = fromRecord(row);
        if (resyncChainHead) Object.assign(locked, await chainHeadFromEvents(manager, caseId));
        const position = locked.chainPosition + 1;
        const prevHash = locked.chainHash;
        const envelope = withoutSealedContact(event) as CaseEvent;
        const hash = chainHash(prevHash, envelope, CURRENT_HASH_VERSION);
        const { view, anomaly } = projectCaseEvent(locked.view, event);
        rows.events.push({
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
          hash,
          hashVersion: CURRENT_HASH_VERSION,
        });
        rows.views.set(caseId, toRecord(row, view, position, hash));
        if (event.type === 'case.personal_data_erased') {
          // The erasure reaches every earlier event of the case, those of this batch too: they go in first.
          await rows.flush();
          await this.erasePersonalData(manager, caseId, new Date(event.occurredAt));
        }
        return { status: 'recorded', position, anomaly } as const;
      },
    );
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
