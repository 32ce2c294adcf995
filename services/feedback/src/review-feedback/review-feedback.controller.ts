import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { CASE_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import { ApiContract, AppError, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { caseIdPathSchema } from '../infrastructure/http/reporter-contact.contract';
import { ReviewFeedbackHandler } from './review-feedback.handler';
import { reviewFeedbackRequestSchema, type ReviewFeedbackRequest } from './review-feedback.request';

export interface ReviewFeedbackResponse {
  caseId: string;
  status: CaseStatus;
  decision: 'approve' | 'return';
}

const reviewFeedbackResponseSchema = responseSchemaFor<ReviewFeedbackResponse>()(
  z.object({
    caseId: z.uuid(),
    status: z.enum(CASE_STATUSES).describe('feedback_approved (the follow-up call is due) or signed (back with the unit)'),
    decision: z.enum(['approve', 'return']),
  }),
);

@Controller('v1/cases')
export class ReviewFeedbackController {
  constructor(private readonly handler: ReviewFeedbackHandler) {}

  @ApiContract({
    summary: 'Review a unit\'s reply (审核): approve it (the follow-up call becomes due) or return it to the unit',
    params: caseIdPathSchema,
    body: reviewFeedbackRequestSchema,
    response: reviewFeedbackResponseSchema,
    errors: ['CASE.NOT_FOUND', 'REVIEW.NOT_PENDING'],
  })
  @Post(':caseId/review')
  @Access({ roles: ['follow_up_operator', 'dispatcher', 'supervisor', 'admin'], operation: 'reviews.decide' })
  @HttpCode(200)
  async review(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(reviewFeedbackRequestSchema)) body: ReviewFeedbackRequest,
  ): Promise<ReviewFeedbackResponse> {
    const result = await this.handler.execute(caseId, body, principal.id);
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `no case ${caseId} is known to the follow-up desk`);
      case 'not_pending':
        throw new AppError(
          'REVIEW.NOT_PENDING',
          result.isReviewRequired
            ? `case ${caseId} has no reply waiting for review; it is ${result.caseStatus}`
            : `case ${caseId} needs no review (see REVIEW_REQUIRED_FOR) or has no reply waiting; it is ${result.caseStatus}`,
        );
      case 'decided':
        return { caseId, status: result.caseStatus, decision: result.decision };
    }
  }
}
