import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { ListAgencyCasesQuery } from './list-agency-cases.request';

// How the unit holds the order: the lead column, or membership of the co-handler or copy arrays (GIN-indexed).
const HOLDS = {
  lead: 'a.agency_id = :agencyId',
  co_handler: 'a.co_handler_ids @> ARRAY[:agencyId]::text[]',
  copy: 'a.copied_to @> ARRAY[:agencyId]::text[]',
} as const;

@Injectable()
export class ListAgencyCasesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A unit's queue, newest dispatch first: orders it leads, co-handles (协办) or was copied on (抄送), unless withdrawn. */
  async execute(agencyId: string, query: ListAgencyCasesQuery): Promise<AssignmentRecord[]> {
    const holds = query.role ? HOLDS[query.role] : `(${Object.values(HOLDS).join(' OR ')})`;
    // 并案: an order withdrawn by a merge is no longer the unit's; it leaves the queue.
    const select = this.dataSource
      .getRepository(AssignmentRecord)
      .createQueryBuilder('a')
      .where(holds, { agencyId })
      .andWhere('a.status <> :withdrawn', { withdrawn: 'merged' });
    if (query.status) select.andWhere('a.status = :status', { status: query.status });
    return select.orderBy('a.dispatched_at', 'DESC').addOrderBy('a.case_id', 'ASC').limit(query.limit).getMany();
  }
}
