import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import type { FollowUpFilter, ListFollowUpsQuery } from './list-follow-ups.request';

const STATUSES_BY_FILTER: Readonly<Record<Exclude<FollowUpFilter, 'all'>, readonly CaseStatus[]>> = {
  pending: ['feedback_submitted', 'feedback_approved', 'awaiting_follow_up'],
  closed: ['closed'],
  reopened: ['reopened'],
};

@Injectable()
export class ListFollowUpsHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Pending calls come longest-waiting first; an unanswered call moves the case to the back of the
   * line. A reply waiting for review (审核) and a grid case (closed by the on-site check) have no call
   * due, so they are not pending. Other lists show the latest change first.
   */
  async execute(query: ListFollowUpsQuery): Promise<FollowUpRecord[]> {
    const builder = this.dataSource.getRepository(FollowUpRecord).createQueryBuilder('f');
    if (query.status !== 'all') builder.andWhere('f.status IN (:...statuses)', { statuses: STATUSES_BY_FILTER[query.status] });
    if (query.status === 'pending') {
      builder.andWhere(`f.channel IS DISTINCT FROM 'grid'`).andWhere(`NOT (f.status = 'feedback_submitted' AND f.review_required)`);
    }
    if (query.agencyId) builder.andWhere('f.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.caseId) builder.andWhere('f.case_id = :caseId', { caseId: query.caseId });
    return builder
      .orderBy('f.updated_at', query.status === 'pending' ? 'ASC' : 'DESC')
      .addOrderBy('f.case_id', 'ASC')
      .take(query.limit)
      .getMany();
  }
}
