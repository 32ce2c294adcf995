import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import type { FollowUpFilter, ListFollowUpsQuery } from './list-follow-ups.request';

const STATUSES_BY_FILTER: Readonly<Record<Exclude<FollowUpFilter, 'all'>, readonly CaseStatus[]>> = {
  pending: ['feedback_submitted', 'awaiting_follow_up'],
  closed: ['closed'],
  reopened: ['reopened'],
};

@Injectable()
export class ListFollowUpsHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Pending calls come longest-waiting first; an unanswered call moves the case to the back of the
   * line. Other lists show the latest change first.
   */
  async execute(query: ListFollowUpsQuery): Promise<FollowUpRecord[]> {
    const where: FindOptionsWhere<FollowUpRecord> = {
      ...(query.status === 'all' ? {} : { status: In([...STATUSES_BY_FILTER[query.status]]) }),
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.caseId ? { caseId: query.caseId } : {}),
    };
    return this.dataSource.getRepository(FollowUpRecord).find({
      where,
      order: { updatedAt: query.status === 'pending' ? 'ASC' : 'DESC', caseId: 'ASC' },
      take: query.limit,
    });
  }
}
