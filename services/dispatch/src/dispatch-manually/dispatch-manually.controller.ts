import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { caseDispatchesViewSchema, caseIdPathSchema } from '../get-dispatches/get-dispatches.contract';
import { GetDispatchesHandler, type CaseDispatchesView } from '../get-dispatches/get-dispatches.handler';
import { DispatchManuallyHandler } from './dispatch-manually.handler';
import { dispatchManuallyRequestSchema, type DispatchManuallyRequest } from './dispatch-manually.request';

@Controller('v1/cases')
export class DispatchManuallyController {
  constructor(
    private readonly handler: DispatchManuallyHandler,
    private readonly dispatches: GetDispatchesHandler,
  ) {}

  @ApiContract({
    summary: 'A dispatcher dispatches a case from the manual dispatch queue (人工派单)',
    description: 'Emits case.dispatched with routedBy `manual`, ruleId `manual` and the catalogue version published now. A unit that does not exist is a 400 naming the field.',
    params: caseIdPathSchema,
    body: dispatchManuallyRequestSchema,
    response: caseDispatchesViewSchema,
    errors: ['DISPATCH.NOT_FOUND', 'CASE.ILLEGAL_TRANSITION', 'CASE.CONFLICT', 'SLA.CONFLICT'],
  })
  @Post(':caseId/dispatch')
  @Access({ roles: ['dispatcher', 'admin'], operation: 'cases.dispatch' })
  @HttpCode(200)
  async dispatch(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(caseIdPathSchema, 'path')) { caseId }: { caseId: string },
    @Body(new ZodPipe(dispatchManuallyRequestSchema)) body: DispatchManuallyRequest,
  ): Promise<CaseDispatchesView> {
    const result = await this.handler.execute(caseId, { ...body, dispatchedBy: principal.id });
    switch (result.status) {
      case 'unknown_case':
        throw new AppError('DISPATCH.NOT_FOUND', `Dispatch has no record of case ${caseId} (not classified yet, or unknown).`, { caseId });
      case 'not_queued':
        throw new AppError('CASE.ILLEGAL_TRANSITION', `Case ${caseId} is not in the manual dispatch queue: it is ${result.current}.`, { caseId, status: result.current });
      case 'invalid':
        throw new AppError('VALIDATION.FAILED', `The request is invalid: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues: result.issues });
      case 'no_deadline':
        throw new AppError('SLA.CONFLICT', `No deadline can be computed now (${result.code}): ${result.message}`, { cause: result.code });
      case 'dispatched': {
        const view = await this.dispatches.execute(caseId);
        if (!view) throw new AppError('DISPATCH.NOT_FOUND', `Dispatch has no record of case ${caseId}.`, { caseId });
        return view;
      }
    }
  }
}
