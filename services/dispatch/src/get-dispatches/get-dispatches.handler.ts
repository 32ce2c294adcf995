import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseStatus, SlaClock } from '@hotline/case-lifecycle';
import type { Urgency } from '@hotline/contracts';
import type { RoutingBasis } from '../domain/plan-route';
import { CaseStateRecord } from '../infrastructure/database/entities/case-state.entity';
import { DispatchRecord } from '../infrastructure/database/entities/dispatch.entity';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';

export interface DispatchRoundView {
  round: number;
  agencyId: string;
  copiedToAgencyIds: string[];
  coHandlerIds: string[];
  urgency: Urgency;
  deadline: string;
  slaClock: SlaClock;
  ruleId: string;
  catalogueVersion: string;
  routedBy: RoutingBasis;
  dispatchedBy: string | null;
  note: string | null;
  dispatchedAt: string;
}

export interface CaseDispatchesView {
  caseId: string;
  /** The case's lifecycle status as dispatch last saw it. */
  status: CaseStatus;
  rounds: DispatchRoundView[];
  /** Set while the case waits for a dispatcher. */
  manualDispatch: { reason: string; queuedAt: string } | null;
}

@Injectable()
export class GetDispatchesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every dispatch round of a case, first to last; null when dispatch never saw the case classified. */
  async execute(caseId: string): Promise<CaseDispatchesView | null> {
    const state = await this.dataSource.getRepository(CaseStateRecord).findOneBy({ caseId });
    if (!state) return null;
    const rounds = await this.dataSource.getRepository(DispatchRecord).find({ where: { caseId }, order: { round: 'ASC' } });
    const queued = await this.dataSource.getRepository(ManualDispatchRecord).findOneBy({ caseId });
    return {
      caseId,
      status: state.status,
      rounds: rounds.map((r) => ({
        round: r.round,
        agencyId: r.agencyId,
        copiedToAgencyIds: r.copiedTo,
        coHandlerIds: r.coHandlerIds,
        urgency: r.urgency,
        deadline: r.deadline.toISOString(),
        slaClock: { amount: r.slaAmount, unit: r.slaUnit },
        ruleId: r.ruleId,
        catalogueVersion: r.catalogueVersion,
        routedBy: r.routedBy,
        dispatchedBy: r.dispatchedBy,
        note: r.note,
        dispatchedAt: r.dispatchedAt.toISOString(),
      })),
      manualDispatch: queued ? { reason: queued.reason, queuedAt: queued.queuedAt.toISOString() } : null,
    };
  }
}
