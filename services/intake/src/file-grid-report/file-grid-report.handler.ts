import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type FilingRejectionReason } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import type { FileGridReportRequest } from './file-grid-report.request';

export type FilingStatus = 'pending' | 'filed' | 'not_filed';

export type FileGridReportResult =
  | { status: 'decided'; filingStatus: Exclude<FilingStatus, 'pending'>; event: CaseEvent }
  | { status: 'not_found' }
  | { status: 'not_a_grid_report' }
  | { status: 'already_decided'; filingStatus: FilingStatus };

@Injectable()
export class FileGridReportHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 立案 or 不予立案: decided once, by compare-and-set on the pending report, with its event in the same transaction. */
  async execute(caseId: string, request: FileGridReportRequest, verifierId: string): Promise<FileGridReportResult> {
    return this.dataSource.transaction(async (manager) => {
      const [report] = await manager.query<Array<{ filing_status: FilingStatus; event_class: string | null; component_code: string | null }>>(
        `SELECT g.filing_status, g.event_class, g.component_code
           FROM intake.cases c LEFT JOIN intake.grid_reports g USING (case_id)
          WHERE c.case_id = $1 FOR UPDATE OF c`,
        [caseId],
      );
      if (!report) return { status: 'not_found' };
      if (report.filing_status === null) return { status: 'not_a_grid_report' };
      const filingStatus = request.decision === 'file' ? 'filed' : 'not_filed';
      const eventType = request.decision === 'file' ? 'case.filed' : 'case.filing_rejected';
      const isPending = report.filing_status === 'pending' && transition('received', eventType).ok;
      if (!isPending) return { status: 'already_decided', filingStatus: report.filing_status };

      const [, updated] = await manager.query<[unknown[], number]>(
        `UPDATE intake.grid_reports
            SET filing_status = $2, decided_by = $3, decided_at = now(), rejection_reason = $4, explanation = $5, note = $6,
                event_class = coalesce($7, event_class), component_code = coalesce($8, component_code)
          WHERE case_id = $1 AND filing_status = 'pending'`,
        [caseId, filingStatus, verifierId, request.reason ?? null, request.explanation ?? null, request.note ?? null, request.eventClass ?? null, request.componentCode ?? null],
      );
      if (updated !== 1) return { status: 'already_decided', filingStatus: report.filing_status };
      const event =
        request.decision === 'file'
          ? newCaseEvent({
              type: 'case.filed',
              caseId,
              producer: 'intake',
              payload: {
                verifierId,
                eventClass: request.eventClass ?? report.event_class,
                componentCode: request.componentCode ?? report.component_code,
                note: request.note ?? null,
              },
            })
          : newCaseEvent({
              type: 'case.filing_rejected',
              caseId,
              producer: 'intake',
              payload: { verifierId, reason: request.reason as FilingRejectionReason, explanation: request.explanation ?? '' },
            });
      await appendToOutbox(manager, [event]);
      return { status: 'decided', filingStatus, event };
    });
  }
}
