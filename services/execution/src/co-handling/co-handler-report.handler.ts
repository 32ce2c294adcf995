import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { roleOfUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import type { CoHandlerReportRequest, CoHandlerReportView } from './co-handler-report.request';

export type CoHandlerReportResult =
  | { status: 'reported'; report: CoHandlerReportView }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError | { code: 'CO_HANDLER_REPORT.ALREADY_EXISTS'; message: string } };

/** A co-handler's report for each round of a case, as the lead's feedback lists them. */
export async function coHandlerReportsOf(manager: EntityManager, caseId: string, round: number): Promise<Map<string, Date>> {
  const rows = await manager.query<{ agency_id: string; reported_at: Date }[]>(
    'SELECT agency_id, reported_at FROM execution.co_handler_reports WHERE case_id = $1 AND round = $2',
    [caseId, round],
  );
  return new Map(rows.map((row) => [row.agency_id, row.reported_at]));
}

@Injectable()
export class CoHandlerReportHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * 协办: a co-handling unit reports what it did to the lead unit, once per dispatch round. The report
   * and `case.co_handler_reported` commit together; the lead's feedback then says who reported.
   */
  async execute(caseId: string, request: CoHandlerReportRequest & { agencyId: string }): Promise<CoHandlerReportResult> {
    return this.dataSource.transaction(async (manager): Promise<CoHandlerReportResult> => {
      const current = await new AssignmentRepository(manager).findForShare(caseId);
      const role = current ? roleOfUnit(current, request.agencyId) : null;
      if (!current || role === null) return { status: 'not_visible' };
      if (role !== 'co_handler') {
        const how = role === 'lead' ? 'leads it: co-handlers report to it' : 'has a read-only copy (抄送)';
        return { status: 'refused', error: { code: 'CASE.WRONG_AGENCY', message: `case ${caseId}: ${request.agencyId} does not co-handle it, it ${how}` } };
      }
      const move = transition(current.status, 'case.co_handler_reported');
      if (!move.ok) return { status: 'refused', error: move.error };
      const now = new Date();
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO execution.co_handler_reports (case_id, round, agency_id, note, reported_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [caseId, current.round, request.agencyId, request.note, now],
      );
      if (inserted.length === 0) {
        return {
          status: 'refused',
          error: { code: 'CO_HANDLER_REPORT.ALREADY_EXISTS', message: `${request.agencyId} already reported on case ${caseId} in this round (${current.round})` },
        };
      }
      const payload = { agencyId: request.agencyId, leadAgencyId: current.agencyId, round: current.round, note: request.note };
      const event = newCaseEvent({
        type: 'case.co_handler_reported',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload,
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      await appendToOutbox(manager, [event]);
      return { status: 'reported', report: { caseId, ...payload, reportedAt: now.toISOString() } };
    });
  }
}
