import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, hasRole, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { caseIdPathSchema, caseIdPipe } from '../infrastructure/http/case-id.param';
import { disputeViewSchema, toDisputeView, type DisputeView } from '../infrastructure/http/dispute.view';
import { DecideDisputeHandler, type DecideDisputeResult, type DisputeReviewer } from './decide-dispute.handler';
import { redispatchRequestSchema, rejectReturnRequestSchema, type RedispatchRequest, type RejectReturnRequest } from './decide-dispute.request';

const DECISION_ERRORS = ['CASE.NOT_FOUND', 'CASE.ILLEGAL_TRANSITION', 'DISPUTE.ARBITRATION_REQUIRED', 'CASE.CONFLICT'] as const;

@Controller('v1/cases')
export class DecideDisputeController {
  constructor(private readonly handler: DecideDisputeHandler) {}

  @ApiContract({
    summary: 'Upholds a return and sends the case to another unit (改派); counts against the returning unit\'s return rate',
    params: caseIdPathSchema,
    body: redispatchRequestSchema,
    response: disputeViewSchema,
    errors: [...DECISION_ERRORS, 'DISPUTE.SAME_AGENCY', 'DISPUTE.DEADLINE_NOT_COMPUTABLE'],
  })
  @Post(':caseId/redispatch')
  @Access({ roles: ['dispatcher', 'arbitrator', 'admin'], operation: 'disputes.decide' })
  @HttpCode(200)
  async redispatch(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(redispatchRequestSchema)) body: RedispatchRequest,
  ): Promise<DisputeView> {
    return answer(caseId, await this.handler.redispatch(caseId, body, reviewer(principal)));
  }

  @ApiContract({
    summary: 'Rejects a return: the unit keeps the case, its deadline unchanged (首接负责)',
    params: caseIdPathSchema,
    body: rejectReturnRequestSchema,
    response: disputeViewSchema,
    errors: [...DECISION_ERRORS],
  })
  @Post(':caseId/reject-return')
  @Access({ roles: ['dispatcher', 'arbitrator', 'admin'], operation: 'disputes.decide' })
  @HttpCode(200)
  async rejectReturn(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(rejectReturnRequestSchema)) body: RejectReturnRequest,
  ): Promise<DisputeView> {
    return answer(caseId, await this.handler.rejectReturn(caseId, body, reviewer(principal)));
  }
}

// 仲裁: an arbitrator decides disputes a dispatcher may no longer decide; an admin may stand in.
const reviewer = (principal: Principal): DisputeReviewer => ({ principalId: principal.id, isArbitrator: hasRole(principal, 'arbitrator', 'admin') });

function answer(caseId: string, result: DecideDisputeResult): DisputeView {
  switch (result.status) {
    case 'not_found':
      throw new AppError('CASE.NOT_FOUND', `Dispatch has no record of case ${caseId}.`);
    case 'unknown_agency':
      throw new AppError('VALIDATION.FAILED', 'The request body is invalid: agencyId is not a known handling unit', { issues: [{ path: 'agencyId', message: 'is not a known handling unit' }] });
    case 'unknown_category':
      throw new AppError('VALIDATION.FAILED', 'The request body is invalid: category is not a known category', { issues: [{ path: 'category', message: 'is not a known category' }] });
    case 'refused':
      throw new AppError(result.error.code, result.error.message);
    case 'conflict':
      throw new AppError('CASE.CONFLICT', `case ${caseId} changed while its return was being decided; reload it and try again`);
    case 'decided':
      return toDisputeView(result.dispute);
  }
}
