import { Controller, Get, Param, Query } from '@nestjs/common';
import { Access, CurrentPrincipal, hasRole, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { caseClocksSchema, overdueSchema, type ClockView, type OverdueItem } from './read-clocks.contract';
import { ReadClocksHandler } from './read-clocks.handler';
import { agencyPathSchema, caseIdPathSchema, overdueQuerySchema, type OverdueQuery } from './read-clocks.request';

const CENTRE_ROLES = ['dispatcher', 'supervisor', 'auditor', 'admin'] as const;

@Controller('v1')
export class ReadClocksController {
  constructor(private readonly handler: ReadClocksHandler) {}

  @ApiContract({ summary: "A case's clocks: start, deadline, elapsed, remaining and paused time", params: caseIdPathSchema, response: caseClocksSchema, errors: ['CASE.NOT_FOUND'] })
  @Get('cases/:caseId/clocks')
  @Access({ roles: ['unit_operator', ...CENTRE_ROLES], operation: 'clocks.read' })
  async clocks(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(caseIdPathSchema, 'path')) { caseId }: { caseId: string },
  ): Promise<{ caseId: string; clocks: ClockView[] }> {
    const clocks = await this.handler.ofCase(caseId);
    // A unit sees the clocks of its own cases only; another unit's case is not found.
    const isVisible = hasRole(principal, ...CENTRE_ROLES) || clocks?.some((clock) => clock.agencyId === principal.agencyId);
    if (!clocks || !isVisible) throw AppError.denied('CASE.NOT_FOUND', `case ${caseId} has no clocks`, clocks ? 'case of another unit' : 'no clocks');
    return { caseId, clocks };
  }

  @ApiContract({ summary: "A unit's overdue cases (超期), most overdue first", params: agencyPathSchema, query: overdueQuerySchema, response: overdueSchema, errors: ['AGENCY.NOT_FOUND'] })
  @Get('agencies/:agencyId/overdue')
  @Access({ roles: ['unit_operator', ...CENTRE_ROLES], operation: 'overdue.list' })
  async overdue(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(agencyPathSchema, 'path')) { agencyId }: { agencyId: string },
    @Query(new ZodPipe(overdueQuerySchema, 'query')) query: OverdueQuery,
  ): Promise<{ agencyId: string; items: OverdueItem[] }> {
    if (!hasRole(principal, ...CENTRE_ROLES) && principal.agencyId !== agencyId) {
      throw AppError.denied('AGENCY.NOT_FOUND', `no agency ${agencyId}`, 'overdue list of another unit');
    }
    return { agencyId, items: await this.handler.overdueOf(agencyId, query.limit) };
  }
}
