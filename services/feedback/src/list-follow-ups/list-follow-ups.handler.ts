import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import type { FollowUpFilter, ListFollowUpsQuery } from './list-follow-ups.request';

const STATUSES_BY_FILTER: Readonly<Record<Exclude<FollowUpFilter, 'all' | 'pending'>, readonly CaseStatus[]>> = {
  closed: ['closed'],
  reopened: ['reopened'],
};

/**
 * The calls due (回访): a reply waiting for review (审核) and a grid case (closed by the on-site check)
 * have none. Written out with its statuses as literals, not parameters: it is the predicate of the
 * index `follow_ups_call_list`, which the planner uses only when the query's WHERE says the same.
 */
export const CALL_LIST_PREDICATE = `f.status IN ('feedback_submitted', 'feedback_approved', 'awaiting_follow_up') AND f.channel IS DISTINCT FROM 'grid' AND NOT (f.status = 'feedback_submitted' AND f.review_required)`;

@Injectable()
export class ListFollowUpsHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Pending calls come longest-waiting first, a page read in that order from the call list's index; an
   * unanswered call moves the case to the back of the line. Other lists show the latest change first.
   */
  execute(query: ListFollowUpsQuery): Promise<FollowUpRecord[]> {
    return this.select(query).getMany();
  }

  select(query: ListFollowUpsQuery): SelectQueryBuilder<FollowUpRecord> {
    const builder = this.dataSource.getRepository(FollowUpRecord).createQueryBuilder('f');
    if (query.status === 'pending') builder.andWhere(CALL_LIST_PREDICATE);
    else if (query.status !== 'all') builder.andWhere('f.status IN (:...statuses)', { statuses: STATUSES_BY_FILTER[query.status] });
    if (query.agencyId) builder.andWhere('f.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.caseId) builder.andWhere('f.case_id = :caseId', { caseId: query.caseId });
    return builder
      .orderBy('f.updated_at', query.status === 'pending' ? 'ASC' : 'DESC')
      .addOrderBy('f.case_id', 'ASC')
      .take(query.limit);
  }
}
