import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { CloseMonthHandler } from '../close-month/close-month.handler';
import { requireCityLevel } from '../infrastructure/http/city-level';
import { renderReportCsv, renderReportHtml } from '../domain/monthly-report';
import { MonthlyReportHandler } from '../monthly-report/monthly-report.handler';
import { reportFormatOf, reportQuerySchema, type ReportQuery } from '../monthly-report/monthly-report.request';
import { AssessmentReader, type MonthAssessment } from './assessment-reader';
import { drillDownSchema, monthAssessmentSchema, type DrillDownView } from './assessment.contract';
import { assessmentQuerySchema, drillDownPathSchema, drillDownQuerySchema, monthPathSchema, type DrillDownQuery } from './assessment.request';

const READERS = ['supervisor', 'auditor', 'admin'] as const;

@Controller('v1/assessments')
export class AssessmentsController {
  constructor(
    private readonly reader: AssessmentReader,
    private readonly closeMonth: CloseMonthHandler,
    private readonly report: MonthlyReportHandler,
  ) {}

  @ApiContract({
    summary: "A month's assessment (考评): each unit's three rates (三率) and other rates with numerator and denominator, its score and rank among its kind",
    description: 'Live while the month is open; once closed, the figures published at the close, with the later events listed as adjustments.',
    query: assessmentQuerySchema,
    response: monthAssessmentSchema,
  })
  @Get()
  @Access({ roles: [...READERS], operation: 'assessments.read' })
  async month(@Query(new ZodPipe(assessmentQuerySchema, 'query')) query: { month: string }): Promise<MonthAssessment> {
    return this.reader.assessment(query.month);
  }

  @ApiContract({
    summary: 'The cases behind one of a unit\'s numbers (drill-down); cases excluded by an upheld appeal are listed, flagged',
    params: drillDownPathSchema,
    query: drillDownQuerySchema,
    response: drillDownSchema,
    errors: ['AGENCY.NOT_FOUND'],
  })
  @Get(':month/agencies/:agencyId/cases')
  @Access({ roles: [...READERS], operation: 'assessments.drill_down' })
  async drillDown(
    @Param(new ZodPipe(drillDownPathSchema, 'path')) { month, agencyId }: { month: string; agencyId: string },
    @Query(new ZodPipe(drillDownQuerySchema, 'query')) { metric }: DrillDownQuery,
  ): Promise<DrillDownView> {
    const items = await this.reader.drillDown(month, agencyId, metric);
    if (!items) throw new AppError('AGENCY.NOT_FOUND', `${agencyId} has no cases in ${month}`);
    return { month, agencyId, metric, items };
  }

  @ApiContract({
    summary: 'Closes a month: its figures are published as they are now and never recomputed; later events show as adjustments',
    description: 'An admin, or a supervisor bound to the city (110000). A month is closed after its last day.',
    params: monthPathSchema,
    response: monthAssessmentSchema,
    errors: ['ASSESSMENT.CONFLICT', 'ASSESSMENT.ILLEGAL_TRANSITION'],
  })
  @Post(':month/close')
  @Access({ roles: ['supervisor', 'admin'], operation: 'assessments.close' })
  @HttpCode(200)
  async close(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(monthPathSchema, 'path')) { month }: { month: string }): Promise<MonthAssessment> {
    requireCityLevel(principal);
    const result = await this.closeMonth.execute(month, principal.id);
    switch (result.status) {
      case 'already_closed':
        throw new AppError('ASSESSMENT.CONFLICT', `${month} is already closed; its published figures do not change`);
      case 'not_ended':
        throw new AppError('ASSESSMENT.ILLEGAL_TRANSITION', `${month} has not ended yet; a month is closed after its last day`);
      case 'closed':
        return this.reader.assessment(month);
    }
  }

  @ApiContract({
    summary: 'The monthly bulletin (月通报): the ranking per kind of unit, the last-placed units and the most frequent problems',
    description: 'HTML by default; CSV with ?format=csv or Accept: text/csv.',
    params: monthPathSchema,
    query: reportQuerySchema,
  })
  @Get(':month/report')
  @Access({ roles: [...READERS], operation: 'assessments.report' })
  async monthlyReport(
    @Param(new ZodPipe(monthPathSchema, 'path')) { month }: { month: string },
    @Query(new ZodPipe(reportQuerySchema, 'query')) query: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.report.execute(month);
    const format = reportFormatOf(query, accept);
    response.vary('Accept');
    if (format === 'csv') {
      response.type('text/csv; charset=utf-8').attachment(`assessment-${month}.csv`).send(renderReportCsv(report));
      return;
    }
    response.type('text/html; charset=utf-8').send(renderReportHtml(report));
  }
}
