import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FeedbackOutcome, RequestType } from '@hotline/contracts';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import type { ListReviewsQuery } from './list-reviews.request';

export interface ReviewItem {
  caseId: string;
  trackingNumber: string | null;
  agencyId: string | null;
  requestType: RequestType | null;
  outcome: FeedbackOutcome | null;
  reply: string | null;
  submittedAt: string | null;
  deadline: string | null;
  returnCount: number;
}

export interface ReviewList {
  items: ReviewItem[];
  nextOffset: number | null;
}

@Injectable()
export class ListReviewsHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replies waiting for review, the longest-waiting first (grid replies are checked on site instead). */
  async execute(query: ListReviewsQuery): Promise<ReviewList> {
    const builder = this.dataSource
      .getRepository(FollowUpRecord)
      .createQueryBuilder('f')
      .where(`f.status = 'feedback_submitted' AND f.review_required AND f.channel IS DISTINCT FROM 'grid'`)
      .orderBy('f.feedback_at', 'ASC')
      .addOrderBy('f.case_id', 'ASC')
      .offset(query.offset)
      // One more than asked, to know whether a next page exists.
      .limit(query.limit + 1);
    if (query.agencyId) builder.andWhere('f.agency_id = :agencyId', { agencyId: query.agencyId });
    const records = await builder.getMany();
    const page = records.slice(0, query.limit);
    return {
      items: page.map((record) => ({
        caseId: record.caseId,
        trackingNumber: record.trackingNumber,
        agencyId: record.agencyId,
        requestType: record.requestType,
        outcome: record.feedbackOutcome,
        reply: record.feedbackReply,
        submittedAt: record.feedbackAt?.toISOString() ?? null,
        deadline: record.deadline?.toISOString() ?? null,
        returnCount: record.returnCount,
      })),
      nextOffset: records.length > query.limit ? query.offset + query.limit : null,
    };
  }
}
