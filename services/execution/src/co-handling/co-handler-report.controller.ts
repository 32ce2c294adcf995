import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { actingUnit, caseNotFound } from '../infrastructure/http/acting-unit';
import { caseIdPathSchema } from '../infrastructure/http/assignment.contract';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { CoHandlerReportHandler } from './co-handler-report.handler';
import {
  coHandlerReportRequestSchema,
  coHandlerReportViewSchema,
  type CoHandlerReportRequest,
  type CoHandlerReportView,
} from './co-handler-report.request';

@Controller('v1/cases')
export class CoHandlerReportController {
  constructor(private readonly handler: CoHandlerReportHandler) {}

  @ApiContract({
    summary: 'A co-handling unit reports to the lead unit (协办反馈)',
    params: caseIdPathSchema,
    body: coHandlerReportRequestSchema,
    response: coHandlerReportViewSchema,
    errors: ['CASE.NOT_FOUND', 'CASE.WRONG_AGENCY', 'CASE.ILLEGAL_TRANSITION', 'CO_HANDLER_REPORT.ALREADY_EXISTS'],
  })
  @Post(':caseId/co-handler-report')
  @Access({ roles: ['unit_operator'], operation: 'cases.co_handler_report' })
  @HttpCode(201)
  async report(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(coHandlerReportRequestSchema)) body: CoHandlerReportRequest,
  ): Promise<CoHandlerReportView> {
    const result = await this.handler.execute(caseId, { ...body, agencyId: actingUnit(principal, body.agencyId) });
    switch (result.status) {
      case 'not_visible':
        throw caseNotFound(caseId);
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'reported':
        return result.report;
    }
  }
}
