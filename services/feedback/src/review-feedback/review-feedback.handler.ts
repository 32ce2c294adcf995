import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { transition, type CaseStatus } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { isAwaitingReview } from '../domain/follow-up-policy';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import { SURVEY_TOKEN_TTL_MS } from '../follow-up-policy/follow-up-policy.provider';
import { issueSurveyToken } from '../issue-survey/survey-tokens';
import type { ReviewFeedbackRequest } from './review-feedback.request';

export type ReviewFeedbackResult =
  | { status: 'decided'; caseStatus: CaseStatus; decision: ReviewFeedbackRequest['decision']; surveyIssued: boolean }
  | { status: 'not_found' }
  | { status: 'not_pending'; caseStatus: CaseStatus; isReviewRequired: boolean };

@Injectable()
export class ReviewFeedbackHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SURVEY_TOKEN_TTL_MS) private readonly surveyTtlMs: number,
  ) {}

  /**
   * 审核: approve (the follow-up call becomes due, and a survey link is issued) or return the reply to the
   * unit (it holds the case again as signed; its clock keeps running). One decision per reply.
   */
  async execute(caseId: string, request: ReviewFeedbackRequest, reviewerId: string): Promise<ReviewFeedbackResult> {
    return this.dataSource.transaction(async (manager): Promise<ReviewFeedbackResult> => {
      const followUps = new FollowUpRepository(manager);
      const current = await followUps.findForUpdate(caseId);
      if (!current) return { status: 'not_found' };
      const event = request.decision === 'approve' ? 'case.feedback_approved' : 'case.feedback_returned';
      const move = transition(current.status, event);
      if (!isAwaitingReview(current) || !move.ok || !current.agencyId) {
        return { status: 'not_pending', caseStatus: current.status, isReviewRequired: current.reviewRequired };
      }
      const now = new Date();
      const cause = { eventId: current.lastEventId, correlationId: current.correlationId };
      const common = { caseId, producer: 'feedback' as const, occurredAt: now, cause };
      const events: CaseEvent[] = [];
      if (request.decision === 'approve') {
        const approved = newCaseEvent({ ...common, type: 'case.feedback_approved', payload: { agencyId: current.agencyId, reviewerId, note: request.note ?? null } });
        events.push(approved);
      } else {
        events.push(
          newCaseEvent({
            ...common,
            type: 'case.feedback_returned',
            payload: { agencyId: current.agencyId, reviewerId, explanation: request.explanation, reason: request.reason },
          }),
        );
      }
      const [decided] = events as [CaseEvent];
      const isMoved = await followUps.compareAndSet(current, {
        status: move.to,
        reviewedAt: now,
        reviewerId,
        lastEventId: decided.eventId,
        updatedAt: now,
        // A returned reply no longer counts: the unit answers again.
        ...(request.decision === 'return'
          ? { feedbackOutcome: null, feedbackReply: null, feedbackAt: null, returnCount: current.returnCount + 1 }
          : {}),
      });
      // The row is locked: a lost update here is a bug, not a race.
      if (!isMoved) throw new Error(`the follow-up of case ${caseId} changed under its lock`);
      if (request.decision === 'approve') {
        events.push(await issueSurveyToken(manager, { caseId, attempt: current.attempts + 1, ttlMs: this.surveyTtlMs, now, cause: { eventId: decided.eventId, correlationId: current.correlationId } }));
      }
      await appendToOutbox(manager, events);
      return { status: 'decided', caseStatus: move.to, decision: request.decision, surveyIssued: request.decision === 'approve' };
    });
  }
}
