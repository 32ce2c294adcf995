import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { caseIdPathSchema, caseIdPipe } from '../infrastructure/http/case-id.param';
import { extensionRequestViewSchema, toExtensionRequestView, type ExtensionRequestView } from '../infrastructure/http/extension-request.view';
import { DecideExtensionHandler, type DecideExtensionResult } from './decide-extension.handler';
import { approveExtensionRequestSchema, rejectExtensionRequestSchema, type ApproveExtensionRequest, type RejectExtensionRequest } from './decide-extension.request';

const DECISION_ERRORS = ['CASE.NOT_FOUND', 'CASE.ILLEGAL_TRANSITION', 'CASE.CONFLICT'];

@Controller('v1/cases')
export class DecideExtensionController {
  constructor(private readonly handler: DecideExtensionHandler) {}

  @ApiContract({
    summary: 'Approves a request for more time (延期): the feedback deadline moves and the citizen is told (case.extension_approved)',
    params: caseIdPathSchema,
    body: approveExtensionRequestSchema,
    response: extensionRequestViewSchema,
    errors: DECISION_ERRORS,
  })
  @Post(':caseId/extension/approve')
  @Access({ roles: ['dispatcher', 'admin'], operation: 'extensions.decide' })
  @HttpCode(200)
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(approveExtensionRequestSchema)) body: ApproveExtensionRequest,
  ): Promise<ExtensionRequestView> {
    return answer(caseId, await this.handler.execute(caseId, { approve: true, note: body.note ?? null }, principal.id));
  }

  @ApiContract({
    summary: 'Rejects a request for more time: the original deadline stands',
    params: caseIdPathSchema,
    body: rejectExtensionRequestSchema,
    response: extensionRequestViewSchema,
    errors: DECISION_ERRORS,
  })
  @Post(':caseId/extension/reject')
  @Access({ roles: ['dispatcher', 'admin'], operation: 'extensions.decide' })
  @HttpCode(200)
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(rejectExtensionRequestSchema)) body: RejectExtensionRequest,
  ): Promise<ExtensionRequestView> {
    return answer(caseId, await this.handler.execute(caseId, { approve: false, note: body.note }, principal.id));
  }
}

function answer(caseId: string, result: DecideExtensionResult): ExtensionRequestView {
  switch (result.status) {
    case 'not_found':
      throw new AppError('CASE.NOT_FOUND', `Dispatch has no record of case ${caseId}.`);
    case 'refused':
      throw new AppError(result.error.code, result.error.message);
    case 'conflict':
      throw new AppError('CASE.CONFLICT', `case ${caseId} changed while its extension request was being decided; reload it and try again`);
    case 'decided':
      return toExtensionRequestView(result.request);
  }
}
