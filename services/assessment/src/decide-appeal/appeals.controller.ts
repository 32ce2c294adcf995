import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { appealListSchema, appealViewSchema, toAppealView, type AppealView } from './appeal.contract';
import { appealIdPathSchema, decideAppealRequestSchema, listAppealsQuerySchema, type DecideAppealRequest, type ListAppealsQuery } from './appeal.request';
import { DecideAppealHandler } from './decide-appeal.handler';
import { requireCityLevel } from '../infrastructure/http/city-level';

@Controller('v1/appeals')
export class AppealsController {
  constructor(private readonly handler: DecideAppealHandler) {}

  @ApiContract({ summary: "Units' appeals (申诉), oldest first; ?status=pending for those waiting for a decision", query: listAppealsQuerySchema, response: appealListSchema })
  @Get()
  @Access({ roles: ['supervisor', 'auditor', 'admin'], operation: 'appeals.list' })
  async list(@Query(new ZodPipe(listAppealsQuerySchema, 'query')) query: ListAppealsQuery): Promise<{ items: AppealView[] }> {
    const items = await this.handler.list({ ...(query.status ? { status: query.status } : {}), limit: query.limit });
    return { items: items.map(toAppealView) };
  }

  @ApiContract({
    summary: 'Decides an appeal (诉求认定): upheld excludes the case from the unit\'s score, and it stays visible',
    description: 'An admin, or a supervisor bound to the city (110000).',
    params: appealIdPathSchema,
    body: decideAppealRequestSchema,
    response: appealViewSchema,
    errors: ['APPEAL.NOT_FOUND', 'APPEAL.ILLEGAL_TRANSITION'],
  })
  @Post(':appealId/decision')
  @Access({ roles: ['supervisor', 'admin'], operation: 'appeals.decide' })
  @HttpCode(200)
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(appealIdPathSchema, 'path')) { appealId }: { appealId: string },
    @Body(new ZodPipe(decideAppealRequestSchema)) body: DecideAppealRequest,
  ): Promise<AppealView> {
    requireCityLevel(principal);
    const result = await this.handler.execute(appealId, { ...body, reviewerId: principal.id });
    switch (result.status) {
      case 'not_found':
        throw new AppError('APPEAL.NOT_FOUND', `no appeal ${appealId}`);
      case 'already_decided':
        throw new AppError('APPEAL.ILLEGAL_TRANSITION', `appeal ${appealId} was already decided (${result.appeal.status})`);
      case 'decided':
        return toAppealView(result.appeal);
    }
  }
}
