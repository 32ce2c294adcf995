import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { isFollowUpDue, isRetryWindowOver, type FollowUpPolicy } from '../domain/follow-up-policy';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import { FOLLOW_UP_POLICY } from '../follow-up-policy/follow-up-policy.provider';
import { voidSurveyTokens } from '../issue-survey/survey-tokens';

const DUE_STATUSES = ['feedback_submitted', 'feedback_approved', 'awaiting_follow_up'];

@Injectable()
export class CloseUnreachableHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FOLLOW_UP_POLICY) private readonly policy: FollowUpPolicy,
  ) {}

  /**
   * 回访 not reached: closes as unreachable the cases whose retry window (FOLLOW_UP_RETRY_WINDOW from the
   * first unanswered call) ran out with no answer. Rows are claimed with FOR UPDATE SKIP LOCKED, so
   * several replicas sweep side by side, and a row an operator is recording right now is left alone.
   */
  async execute(now = new Date(), batchSize = 100): Promise<{ closed: number }> {
    return this.dataSource.transaction(async (manager) => {
      const cutoff = new Date(now.getTime() - this.policy.retryWindowMs);
      const rows = await manager.query<Array<{ case_id: string }>>(
        `SELECT case_id FROM feedback.follow_ups
          WHERE first_attempt_at <= $1 AND status = ANY($2)
          ORDER BY first_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED`,
        [cutoff, DUE_STATUSES, batchSize],
      );
      const followUps = new FollowUpRepository(manager);
      const events: CaseEvent[] = [];
      for (const { case_id: caseId } of rows) {
        const current = await manager.getRepository(FollowUpRecord).findOneByOrFail({ caseId });
        // Reached in the meantime, or no call due (a reply waiting for review): nothing to close.
        if (!isFollowUpDue(current) || current.result?.reached !== false || !isRetryWindowOver(this.policy, current.firstAttemptAt, now)) continue;
        const closed = newCaseEvent({
          type: 'case.closed',
          caseId,
          producer: 'feedback',
          occurredAt: now,
          cause: { eventId: current.lastEventId, correlationId: current.correlationId },
          payload: { followUp: current.result, agencyId: current.agencyId, closedAs: 'unreachable' },
        });
        const isClosed = await followUps.compareAndSet(current, { status: 'closed', closedAt: now, closedAs: 'unreachable', lastEventId: closed.eventId, updatedAt: now });
        if (!isClosed) continue;
        await voidSurveyTokens(manager, caseId, now);
        events.push(closed);
      }
      await appendToOutbox(manager, events);
      return { closed: events.length };
    });
  }
}
