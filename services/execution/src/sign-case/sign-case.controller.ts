import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { actingUnit, caseNotFound } from '../infrastructure/http/acting-unit';
import { toAssignmentView, type AssignmentView } from '../infrastructure/http/assignment.view';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { SignCaseHandler } from './sign-case.handler';
import { signCaseRequestSchema, type SignCaseRequest } from './sign-case.request';
import { assignmentViewSchema, caseIdPathSchema } from '../infrastructure/http/assignment.contract';

@Controller('v1/cases')
export class SignCaseController {
  constructor(private readonly handler: SignCaseHandler) {}

  @ApiContract({ summary: 'The unit signs for a case (签收)', params: caseIdPathSchema, body: signCaseRequestSchema, response: assignmentViewSchema, errors: ['CASE.NOT_FOUND', 'CASE.WRONG_AGENCY', 'CASE.ILLEGAL_TRANSITION', 'CASE.CONFLICT'] })
  @Post(':caseId/sign')
  @Access({ roles: ['unit_operator'], operation: 'cases.sign' })
  @HttpCode(200)
  async sign(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(signCaseRequestSchema)) body: SignCaseRequest,
  ): Promise<AssignmentView> {
    // Who signed is part of the record: the person the body names, else the credentials that signed.
    const signedBy = body.signedBy ?? principal.id;
    const result = await this.handler.execute(caseId, { ...body, signedBy, agencyId: actingUnit(principal, body.agencyId) });
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `case ${caseId} is not in your unit's queue: it has not been dispatched yet, or not to your unit`);
      case 'not_visible':
        throw caseNotFound(caseId);
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'conflict':
        throw new AppError('CASE.CONFLICT', `case ${caseId} changed while it was being signed; reload it and try again`);
      case 'signed':
        return toAssignmentView(result.assignment, new Date());
    }
  }
}
