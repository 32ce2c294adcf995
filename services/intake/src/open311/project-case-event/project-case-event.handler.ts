import { INTAKE_CONSUMER } from '../../infrastructure/messaging/intake-consumer';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toOpen311Status } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce, withBatchWork, type BatchWork } from '@hotline/messaging';
import { BatchedRows, insertRows } from '@hotline/persistence';
import { projectOpen311Event } from '../../domain/open311-request-projection';
import { Open311RequestRecord, Open311RequestUpdateRecord } from '../../infrastructure/database/entities/open311.entities';

/** The Open311 rows of a batch's cases, read in one statement and written in two. */
class Open311Rows implements BatchWork {
  readonly requests: BatchedRows<Open311RequestRecord>;
  readonly updates: Open311RequestUpdateRecord[] = [];

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
   * The row is the case's lock, as in audit's case view: locked when the batch first reads it (a case's
   * first batch inserts it whole as the batch ends, and a batch racing for the same new case fails and is
   * handled again); the events of a batch fold into it in order and it is written once.
   */
  private async project(rows: Open311Rows, event: CaseEvent): Promise<void> {
    const { caseId } = event;
    const current = await rows.requests.get(caseId);
    const { state, update } = projectOpen311Event(current, event);
    rows.requests.set(caseId, { ...current, ...state, status: state.caseStatus ? toOpen311Status(state.caseStatus) : null });
    if (update) {
      rows.updates.push({ updateId: event.eventId, caseId, status: update.status, description: update.description, updatedAt: update.updatedAt });
    }
  }
}
