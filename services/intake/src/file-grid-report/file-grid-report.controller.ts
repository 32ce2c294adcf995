import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { FileGridReportHandler } from './file-grid-report.handler';
import { fileGridReportRequestSchema, type FileGridReportRequest } from './file-grid-report.request';

const caseIdSchema = z.uuid({ error: 'must be a UUID' });

interface FilingDecisionView {
  caseId: string;
  filingStatus: 'filed' | 'not_filed';
  eventId: string;
}

const filingDecisionSchema = responseSchemaFor<FilingDecisionView>()(
  z.object({ caseId: z.uuid(), filingStatus: z.enum(['filed', 'not_filed']), eventId: z.uuid().describe('case.filed or case.filing_rejected') }),
);

@Controller('v1/cases')
export class FileGridReportController {
  constructor(private readonly handler: FileGridReportHandler) {}

  @ApiContract({
    summary: 'The centre files a grid report (立案), which then goes to classification and dispatch, or rejects it with a reason',
    params: z.object({ caseId: caseIdSchema }),
    body: fileGridReportRequestSchema,
    response: filingDecisionSchema,
    errors: ['CASE.NOT_FOUND', 'CASE.ILLEGAL_TRANSITION'],
  })
  @Post(':caseId/filing')
  @HttpCode(200)
  @Access({ roles: ['dispatcher', 'admin'], operation: 'cases.file' })
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') rawCaseId: string,
    @Body(new ZodPipe(fileGridReportRequestSchema)) body: FileGridReportRequest,
  ): Promise<FilingDecisionView> {
    const caseId = new ZodPipe(caseIdSchema, 'caseId path parameter').transform(rawCaseId);
    const result = await this.handler.execute(caseId, body, principal.id);
    switch (result.status) {
      case 'decided':
        return { caseId, filingStatus: result.filingStatus, eventId: result.event.eventId };
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `No case ${caseId}.`, { caseId });
      case 'not_a_grid_report':
        throw new AppError('CASE.ILLEGAL_TRANSITION', 'Only a grid report waits for filing.', { caseId });
      case 'already_decided':
        throw new AppError('CASE.ILLEGAL_TRANSITION', `The grid report was already decided (${result.filingStatus}).`, { caseId, filingStatus: result.filingStatus });
    }
  }
}
