import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { actingUnit, caseNotFound } from '../infrastructure/http/acting-unit';
import { caseIdPathSchema } from '../infrastructure/http/assignment.contract';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { AppealCaseHandler } from './appeal-case.handler';
import { appealCaseRequestSchema, type AppealCaseRequest } from './appeal-case.request';

interface AppealView {
  appealId: string;
  caseId: string;
  round: number;
  agencyId: string;
  reason: string;
  note: string | null;
  status: 'pending';
  filedAt: string;
}

const appealViewSchema = responseSchemaFor<AppealView>()(
  z.object({
    appealId: z.uuid().describe('Decided on assessment: POST /v1/appeals/{appealId}/decision'),
    caseId: z.uuid(),
    round: z.number().int(),
    agencyId: z.string(),
    reason: z.string(),
    note: z.string().nullable(),
    status: z.literal('pending'),
    filedAt: z.iso.datetime({ offset: true }),
  }),
);

@Controller('v1/cases')
export class AppealCaseController {
  constructor(private readonly handler: AppealCaseHandler) {}

  @ApiContract({
    summary: 'The unit that handled a closed case appeals (申诉) to exclude it from its score; assessment decides',
    params: caseIdPathSchema,
    body: appealCaseRequestSchema,
    response: appealViewSchema,
    errors: ['CASE.NOT_FOUND', 'CASE.WRONG_AGENCY', 'CASE.ILLEGAL_TRANSITION', 'APPEAL.CONFLICT', 'CASE.CONFLICT'],
  })
  @Post(':caseId/appeal')
  @Access({ roles: ['unit_operator'], operation: 'cases.appeal' })
  @HttpCode(201)
  async appeal(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(appealCaseRequestSchema)) body: AppealCaseRequest,
  ): Promise<AppealView> {
    const result = await this.handler.execute(caseId, { ...body, agencyId: actingUnit(principal, body.agencyId) });
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `case ${caseId} is not in your unit's queue: it has not been dispatched yet, or not to your unit`);
      case 'not_visible':
        throw caseNotFound(caseId);
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'already_appealed':
        throw new AppError('APPEAL.CONFLICT', `case ${caseId} was already appealed in this round; an appeal is decided once`);
      case 'conflict':
        throw new AppError('CASE.CONFLICT', `case ${caseId} changed while it was being appealed; reload it and try again`);
      case 'filed':
        return { ...result.appeal, status: 'pending', filedAt: result.appeal.filedAt.toISOString() };
    }
  }
}
