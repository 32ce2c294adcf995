import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { actingUnit, caseNotFound } from '../infrastructure/http/acting-unit';
import { caseIdPathSchema } from '../infrastructure/http/assignment.contract';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { WhistleHandler } from './whistle.handler';
import {
  checkInRequestSchema,
  summonsListSchema,
  summonsViewSchema,
  whistleRequestSchema,
  whistleViewSchema,
  type CheckInRequest,
  type SummonsList,
  type SummonsView,
  type WhistleRequest,
  type WhistleView,
} from './whistle.request';

@Controller('v1/cases')
export class WhistleController {
  constructor(private readonly handler: WhistleHandler) {}

  @ApiContract({
    summary: 'The street office holding a case summons departments to the spot (吹哨)',
    params: caseIdPathSchema,
    body: whistleRequestSchema,
    response: whistleViewSchema,
    errors: ['CASE.NOT_FOUND', 'CASE.WRONG_AGENCY', 'CASE.ILLEGAL_TRANSITION'],
  })
  @Post(':caseId/whistle')
  @Access({ roles: ['unit_operator'], operation: 'cases.whistle' })
  @HttpCode(201)
  async blow(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(whistleRequestSchema)) body: WhistleRequest,
  ): Promise<WhistleView> {
    const result = await this.handler.blow(caseId, { ...body, agencyId: actingUnit(principal, body.agencyId) });
    switch (result.status) {
      case 'not_visible':
        throw caseNotFound(caseId);
      case 'refused':
        throw refusal(result.error);
      case 'blown':
        return result.whistle;
    }
  }

  @ApiContract({
    summary: 'A summoned department checks in (报到); after arriveBy it counts as late',
    params: caseIdPathSchema,
    body: checkInRequestSchema,
    response: summonsViewSchema,
    errors: ['WHISTLE.NOT_FOUND', 'CHECK_IN.ALREADY_EXISTS', 'CASE.ILLEGAL_TRANSITION'],
  })
  @Post(':caseId/check-in')
  @Access({ roles: ['unit_operator'], operation: 'cases.check_in' })
  @HttpCode(200)
  async checkIn(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(checkInRequestSchema)) body: CheckInRequest,
  ): Promise<SummonsView> {
    const agencyId = actingUnit(principal, body.agencyId);
    const result = await this.handler.checkIn(caseId, { ...body, agencyId });
    switch (result.status) {
      case 'not_summoned':
        throw new AppError('WHISTLE.NOT_FOUND', `case ${caseId} has no whistle summoning ${agencyId}`);
      case 'refused':
        throw refusal(result.error);
      case 'checked_in':
        return result.summons;
    }
  }

  @ApiContract({ summary: "A case's whistles and each summoned department's check-in", params: caseIdPathSchema, response: summonsListSchema, errors: ['CASE.NOT_FOUND'] })
  @Get(':caseId/whistles')
  @Access({ roles: ['unit_operator'], operation: 'cases.whistles.list' })
  async list(@CurrentPrincipal() principal: Principal, @Param(caseIdPipe) { caseId }: { caseId: string }): Promise<SummonsList> {
    const result = await this.handler.list(caseId, actingUnit(principal));
    if (result.status === 'not_visible') throw caseNotFound(caseId);
    return result.list;
  }
}

function refusal(error: { code: string; message: string; field?: string }): AppError {
  return new AppError(error.code, error.message, error.field ? { issues: [{ path: error.field, message: 'must not name your own unit' }] } : undefined);
}
