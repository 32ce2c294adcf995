import { INTAKE_CONSUMER } from '../../infrastructure/messaging/intake-consumer';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toOpen311Status } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce, withBatchWork, type BatchWork } from '@hotline/messaging';
import { BatchedRows, insertRows, type RawRow } from '@hotline/persistence';
import { projectOpen311Event } from '../../domain/open311-request-projection';
import { Open311RequestRecord, Open311RequestUpdateRecord } from '../../infrastructure/database/entities/open311.entities';

/** The Open311 rows of a batch's cases, read in one statement and written in two. */
class Open311Rows implements BatchWork {
  readonly requests: BatchedRows<Open311RequestRecord>;
  readonly updates: RawRow[] = [];

  constructor(
    private readonly manager: EntityManager,
    events: readonly CaseEvent[],
  ) {
    this.requests = new BatchedRows(manager, Open311RequestRecord, events.map((event) => event.caseId));
  }

  async flush(): Promise<void> {
    await this.requests.flush();
    await insertRows(this.manager, Open311RequestUpdateRecord, this.updates.splice(0), { ignoreConflicts: true });
  }
}

const OPEN311_ROWS = Symbol('intake.open311-rows');

@Injectable()
export class ProjectCaseEventHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Keeps the Open311 view of the case current, once per event. */
  async execute(event: CaseEvent): Promise<'projected' | 'duplicate'> {
    const result = await processOnce(this.dataSource, INTAKE_CONSUMER.consumerName, event, (manager) =>
      withBatchWork(manager, OPEN311_ROWS, event, (events) => new Open311Rows(manager, events), (rows) => this.project(rows, event)),
    );
    return result.status === 'duplicate' ? 'duplicate' : 'projected';
  }

  /**
   * The row is the case's lock, as in audit's case view: created on the case's first event and locked
   * when the batch first reads it; the events of a batch fold into it in order and it is written once.
   */
  private async project(rows: Open311Rows, event: CaseEvent): Promise<void> {
    const { caseId } = event;
    const metadata = this.dataSource.getMetadata(Open311RequestRecord);
    const row = await rows.requests.get(caseId);
    const current = Object.fromEntries(metadata.columns.map((column) => [column.propertyName, row[column.databaseName]])) as unknown as Open311RequestRecord;
    const { state, update } = projectOpen311Event(current, event);
    const next: RawRow = { ...row };
    for (const [property, value] of Object.entries({ ...state, status: state.caseStatus ? toOpen311Status(state.caseStatus) : null })) {
      const column = metadata.findColumnWithPropertyName(property);
      if (column && column.databaseName !== 'case_id') next[column.databaseName] = value;
    }
    rows.requests.set(caseId, next);
    if (update) {
      rows.updates.push({ update_id: event.eventId, case_id: caseId, status: update.status, description: update.description, updated_at: update.updatedAt });
    }
  }
}
