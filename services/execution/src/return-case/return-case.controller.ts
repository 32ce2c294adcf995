import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { actingUnit, caseNotFound } from '../infrastructure/http/acting-unit';
import { assignmentViewSchema, caseIdPathSchema } from '../infrastructure/http/assignment.contract';
import { toAssignmentView, type AssignmentView } from '../infrastructure/http/assignment.view';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { ReturnCaseHandler } from './return-case.handler';
import { returnCaseRequestSchema, type ReturnCaseRequest } from './return-case.request';

@Controller('v1/cases')
export class ReturnCaseController {
  constructor(private readonly handler: ReturnCaseHandler) {}

  @ApiContract({
    summary: 'The unit returns a case it should not hold (退单 / 派单异议); it waits for the centre\'s review',
    params: caseIdPathSchema,
    body: returnCaseRequestSchema,
    response: assignmentViewSchema,
    errors: ['CASE.NOT_FOUND', 'CASE.WRONG_AGENCY', 'CASE.ILLEGAL_TRANSITION', 'RETURN.WINDOW_CLOSED', 'CASE.CONFLICT'],
  })
  @Post(':caseId/return')
  @Access({ roles: ['unit_operator'], operation: 'cases.return' })
  @HttpCode(200)
  async return(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(returnCaseRequestSchema)) body: ReturnCaseRequest,
  ): Promise<AssignmentView> {
    const result = await this.handler.execute(caseId, { ...body, agencyId: actingUnit(principal, body.agencyId) });
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `case ${caseId} is not in your unit's queue: it has not been dispatched yet, or not to your unit`);
      case 'not_visible':
        throw caseNotFound(caseId);
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'conflict':
        throw new AppError('CASE.CONFLICT', `case ${caseId} changed while it was being returned; reload it and try again`);
      case 'returned':
        return toAssignmentView(result.assignment, new Date());
    }
  }
}
