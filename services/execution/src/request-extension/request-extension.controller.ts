import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { actingUnit, caseNotFound } from '../infrastructure/http/acting-unit';
import { assignmentViewSchema, caseIdPathSchema } from '../infrastructure/http/assignment.contract';
import { toAssignmentView, type AssignmentView } from '../infrastructure/http/assignment.view';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { RequestExtensionHandler } from './request-extension.handler';
import { requestExtensionRequestSchema, type RequestExtensionRequest } from './request-extension.request';

@Controller('v1/cases')
export class RequestExtensionController {
  constructor(private readonly handler: RequestExtensionHandler) {}

  @ApiContract({
    summary: 'The unit asks for a later feedback deadline (延期申请); the centre decides',
    params: caseIdPathSchema,
    body: requestExtensionRequestSchema,
    response: assignmentViewSchema,
    errors: ['CASE.NOT_FOUND', 'CASE.WRONG_AGENCY', 'CASE.ILLEGAL_TRANSITION', 'EXTENSION.LIMIT_REACHED', 'EXTENSION.DEADLINE_NOT_LATER', 'CASE.CONFLICT'],
  })
  @Post(':caseId/extension')
  @Access({ roles: ['unit_operator'], operation: 'cases.extension' })
  @HttpCode(200)
  async requestExtension(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(requestExtensionRequestSchema)) body: RequestExtensionRequest,
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
        throw new AppError('CASE.CONFLICT', `case ${caseId} changed while the extension was being requested; reload it and try again`);
      case 'requested':
        return toAssignmentView(result.assignment, new Date());
    }
  }
}
