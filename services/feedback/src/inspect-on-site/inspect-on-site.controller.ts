import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { CASE_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import { ApiContract, AppError, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { caseIdPathSchema } from '../infrastructure/http/reporter-contact.contract';
import { InspectOnSiteHandler } from './inspect-on-site.handler';
import { inspectOnSiteRequestSchema, type InspectOnSiteRequest } from './inspect-on-site.request';

export interface InspectOnSiteResponse {
  caseId: string;
  status: CaseStatus;
  passed: boolean;
  reworkCount: number;
}

const inspectOnSiteResponseSchema = responseSchemaFor<InspectOnSiteResponse>()(
  z.object({
    caseId: z.uuid(),
    status: z.enum(CASE_STATUSES).describe('closed (passed) or signed (rework: back with the unit)'),
    passed: z.boolean(),
    reworkCount: z.number().int().describe('返工 orders on this case so far'),
  }),
);

@Controller('v1/cases')
export class InspectOnSiteController {
  constructor(private readonly handler: InspectOnSiteHandler) {}

  @ApiContract({
    summary: 'On-site check of a grid case (核查) by a different inspector: pass closes it, fail orders rework (返工)',
    params: caseIdPathSchema,
    body: inspectOnSiteRequestSchema,
    response: inspectOnSiteResponseSchema,
    errors: ['CASE.NOT_FOUND', 'INSPECTION.NOT_GRID', 'INSPECTION.NOT_PENDING', 'INSPECTION.SAME_INSPECTOR'],
  })
  @Post(':caseId/inspection')
  @Access({ roles: ['inspector'], operation: 'inspections.record' })
  @HttpCode(200)
  async inspect(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(inspectOnSiteRequestSchema)) body: InspectOnSiteRequest,
  ): Promise<InspectOnSiteResponse> {
    const result = await this.handler.execute(caseId, body, principal.id);
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `no case ${caseId} is known to the follow-up desk`);
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'inspected':
        return { caseId, status: result.caseStatus, passed: result.passed, reworkCount: result.reworkCount };
    }
  }
}
