import { Controller, Get, Query } from '@nestjs/common';
import { Access } from '@hotline/access';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import { ListReviewsHandler, type ReviewList } from './list-reviews.handler';
import { listReviewsQuerySchema, type ListReviewsQuery } from './list-reviews.request';
import { reviewListSchema } from './list-reviews.contract';

@Controller('v1/reviews')
export class ListReviewsController {
  constructor(private readonly handler: ListReviewsHandler) {}

  @ApiContract({ summary: 'Units\' replies waiting for review (审核), oldest first', query: listReviewsQuerySchema, response: reviewListSchema })
  @Get()
  @Access({ roles: ['follow_up_operator', 'dispatcher', 'supervisor', 'admin'], operation: 'reviews.list' })
  async list(@Query(new ZodPipe(listReviewsQuerySchema, 'query')) query: ListReviewsQuery): Promise<ReviewList> {
    return this.handler.execute(query);
  }
}
