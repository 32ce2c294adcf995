import { Controller, Get, Param, Query } from '@nestjs/common';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { Access, CurrentPrincipal, hasRole, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { isOverdue, roleOfUnit, type QueueRole } from '../domain/assignment';
import { ListAgencyCasesHandler } from './list-agency-cases.handler';
import { agencyPathSchema, listAgencyCasesQuerySchema, type ListAgencyCasesQuery } from './list-agency-cases.request';
import { agencyCasesSchema } from './list-agency-cases.contract';

export interface AgencyCaseItem {
  caseId: string;
  role: QueueRole;
  leadAgencyId: string;
  status: CaseStatus;
  round: number;
  deadline: string;
  isOverdue: boolean;
  /** Time left until the deadline, negative once overdue (supervision's clocks hold the detail). */
  timeRemainingMs: number;
  dispatchedAt: string;
  signedAt: string | null;
  feedbackAt: string | null;
}

@Controller('v1/agencies')
export class ListAgencyCasesController {
  constructor(private readonly handler: ListAgencyCasesHandler) {}

  @ApiContract({ summary: 'A unit\'s queue: the cases it leads, co-handles (协办) or got a read-only copy of (抄送)', params: agencyPathSchema, query: listAgencyCasesQuerySchema, response: agencyCasesSchema })
  @Get(':agencyId/cases')
  @Access({ roles: ['unit_operator', 'dispatcher', 'auditor', 'admin'], operation: 'agency-cases.list' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(agencyPathSchema, 'path')) { agencyId }: { agencyId: string },
    @Query(new ZodPipe(listAgencyCasesQuerySchema, 'query')) query: ListAgencyCasesQuery,
  ): Promise<{ agencyId: string; items: AgencyCaseItem[] }> {
    // A unit sees its own queue only; the centre's roles see every unit's.
    const isOwnQueueOnly = !hasRole(principal, 'dispatcher', 'auditor', 'admin');
    if (isOwnQueueOnly && principal.agencyId !== agencyId) {
      throw AppError.denied('AGENCY.NOT_FOUND', `no agency ${agencyId}`, 'queue of another unit');
    }
    const records = await this.handler.execute(agencyId, query);
    const now = new Date();
    return {
      agencyId,
      items: records.map((record) => ({
        caseId: record.caseId,
        role: roleOfUnit(record, agencyId) ?? 'lead',
        leadAgencyId: record.agencyId,
        status: record.status,
        round: record.round,
        deadline: record.deadline.toISOString(),
        isOverdue: isOverdue(record, now),
        timeRemainingMs: record.deadline.getTime() - now.getTime(),
        dispatchedAt: record.dispatchedAt.toISOString(),
        signedAt: record.signedAt?.toISOString() ?? null,
        feedbackAt: record.feedbackAt?.toISOString() ?? null,
      })),
    };
  }
}
