import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hydrateRows } from '@hotline/persistence';
import { QUEUE_ROLES, type QueueRole } from '../domain/assignment';
import { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { ListAgencyCasesQuery } from './list-agency-cases.request';

// How the unit holds the order ($1 the unit): the lead column (indexed with status and dispatch time), or
// membership of the co-handler or copy arrays (GIN indexes of the orders whose array is not empty, hence `<> '{}'`).
const HOLDS: Record<QueueRole, string> = {
  lead: 'h.agency_id = $1',
  co_handler: `h.co_handler_ids <> '{}' AND h.co_handler_ids @> ARRAY[$1]::text[]`,
  copy: `h.copied_to <> '{}' AND h.copied_to @> ARRAY[$1]::text[]`,
};

/**
 * A unit's queue as one statement: one branch per way of holding an order, each taking its own newest
 * `limit` through its own index, then the newest `limit` of their union (an order held two ways counts
 * once). It reads about `limit` rows per branch however many orders the city has had; one WHERE with the
 * three ways OR-ed together was planned as a scan of every order ever dispatched.
 */
export function agencyQueueStatement(agencyId: string, query: ListAgencyCasesQuery): { sql: string; parameters: unknown[] } {
  // 并案: an order withdrawn by a merge is no longer the unit's; it leaves the queue.
  const filters = `h.status <> 'merged'${query.status ? ' AND h.status = $3' : ''}`;
  const branches = (query.role ? [query.role] : QUEUE_ROLES).map(
    (role) => `(SELECT h.* FROM execution.assignments h WHERE ${HOLDS[role]} AND ${filters} ORDER BY h.dispatched_at DESC, h.case_id LIMIT $2)`,
  );
  return {
    sql: `SELECT a.* FROM (${branches.join(' UNION ')}) a ORDER BY a.dispatched_at DESC, a.case_id LIMIT $2`,
    parameters: query.status ? [agencyId, query.limit, query.status] : [agencyId, query.limit],
  };
}

@Injectable()
export class ListAgencyCasesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A unit's queue, newest dispatch first: orders it leads, co-handles (协办) or was copied on (抄送), unless withdrawn. */
  async execute(agencyId: string, query: ListAgencyCasesQuery): Promise<AssignmentRecord[]> {
    const { sql, parameters } = agencyQueueStatement(agencyId, query);
    return hydrateRows(this.dataSource.manager, AssignmentRecord, await this.dataSource.query(sql, parameters));
  }
}
