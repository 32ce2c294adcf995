import { INTAKE_CONSUMER } from '../../infrastructure/messaging/intake-consumer';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toOpen311Status } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { projectOpen311Event } from '../../domain/open311-request-projection';
import { Open311RequestRecord, Open311RequestUpdateRecord } from '../../infrastructure/database/entities/open311.entities';

/** Intake's consumer and inbox name. */

@Injectable()
export class ProjectCaseEventHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Keeps the Open311 view of the case current, once per event. */
  async execute(event: CaseEvent): Promise<'projected' | 'duplicate'> {
    const result = await processOnce(this.dataSource, INTAKE_CONSUMER.consumerName, event, (manager) => this.project(manager, event));
    return result.status === 'duplicate' ? 'duplicate' : 'projected';
  }

  private async project(manager: EntityManager, event: CaseEvent): Promise<void> {
    const { caseId } = event;
    const metadata = manager.connection.getMetadata(Open311RequestRecord);
    const table = `"${metadata.schema}"."${metadata.tableName}"`;
    // The row is the case's lock, as in audit's case view: created on the case's first event, locked
    // and read in the same statement (the no-op update takes the row lock SELECT … FOR UPDATE would).
    const [row] = await manager.query<Record<string, unknown>[]>(
      `INSERT INTO ${table} (case_id) VALUES ($1) ON CONFLICT (case_id) DO UPDATE SET case_id = EXCLUDED.case_id RETURNING *`,
      [caseId],
    );
    const current = Object.fromEntries(metadata.columns.map((column) => [column.propertyName, row[column.databaseName]])) as unknown as Open311RequestRecord;
    const { state, update } = projectOpen311Event(current, event);
    const changes = Object.entries({ ...state, status: state.caseStatus ? toOpen311Status(state.caseStatus) : null }).flatMap(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      return column && column.databaseName !== 'case_id' ? [[column.databaseName, value] as const] : [];
    });
    await manager.query(`UPDATE ${table} SET ${changes.map(([name], i) => `"${name}" = $${i + 2}`).join(', ')} WHERE case_id = $1`, [
      caseId,
      ...changes.map(([, value]) => value),
    ]);
    if (update) {
      await manager.createQueryBuilder().insert().into(Open311RequestUpdateRecord).values({ updateId: event.eventId, caseId, ...update }).orIgnore().execute();
    }
  }
}
