import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseEvent, CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, appendToOutbox, processOnce, withBatchWork, type BatchWork } from '@hotline/messaging';
import { BatchedRows } from '@hotline/persistence';
import { followStatus, hasEnded } from '@hotline/case-lifecycle';
import { PersonalDataCipher } from '@hotline/personal-data';
import { FEEDBACK_TRACKED_EVENTS } from '../domain/tracked-events';
import { isFollowUpDue, isReviewRequired, type FollowUpPolicy } from '../domain/follow-up-policy';
import { FOLLOW_UP_POLICY, SURVEY_TOKEN_TTL_MS } from '../follow-up-policy/follow-up-policy.provider';
import { issueSurveyTokens, type SurveyToIssue } from '../issue-survey/survey-tokens';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import type { FollowUpChange } from '../infrastructure/database/follow-up.repository';
import { FEEDBACK_CONSUMER } from '../infrastructure/messaging/feedback-consumer';

/** The upstream events that tell the follow-up desk where a case stands. */
export type CaseProgressEvent =
  | CaseEventOf<'case.received'>
  | CaseEventOf<'case.answered'>
  | CaseEventOf<'case.transferred'>
  | CaseEventOf<'case.merged'>
  | CaseEventOf<'case.declined'>
  | CaseEventOf<'case.dispatched'>
  | CaseEventOf<'case.redispatched'>
  | CaseEventOf<'case.signed'>
  | CaseEventOf<'case.feedback_submitted'>
  | CaseEventOf<'case.feedback_returned'>
  | CaseEventOf<'case.deadline_passed'>
  | CaseEventOf<'case.reopened'>;

@Injectable()
export class FollowCaseProgressHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
    @Inject(FOLLOW_UP_POLICY) private readonly policy: FollowUpPolicy,
    @Inject(SURVEY_TOKEN_TTL_MS) private readonly surveyTtlMs: number,
  ) {}

  /** Follows the case to the moment a follow-up call is due: feedback in, or the deadline passed. */
  async execute(event: CaseProgressEvent): Promise<void> {
    // Feedback's own events (a follow-up call's case.reopened) were applied in the transaction that wrote them.
    if (event.producer === 'feedback') return;
    await processOnce(this.dataSource, FEEDBACK_CONSUMER.consumerName, event, (manager) =>
      withBatchWork(manager, FOLLOW_UP_ROWS, event, (events) => new FollowUpRows(manager, events), (rows) => this.follow(rows, event)),
    );
  }

  private async follow(rows: FollowUpRows, event: CaseProgressEvent): Promise<void> {
    const current = await rows.followUps.find(event.caseId);
    const move = followStatus({ current: current?.status, event: event.type, tracked: FEEDBACK_TRACKED_EVENTS });
    if (!move.ok) {
      // A unit that signed or replied in the moment between a dispatcher's merge and that news reaching
      // execution: the case has ended here, the event is late and changes nothing (audit records it).
      if (current && hasEnded(current.status)) return;
      throw new PermanentMessageError(move.error.code, `case ${event.caseId}: ${move.error.message}`);
    }
    // Events of a case arrive in order and case.received comes first; a later first sight means it was lost.
    const before = current ?? emptyFollowUp(event);
    const after: FollowUpRecord = {
      ...before,
      ...changeFor(event, before, this.cipher, this.policy),
      status: move.to,
      correlationId: event.correlationId,
      lastEventId: event.eventId,
      updatedAt: new Date(),
    };
    rows.followUps.set(event.caseId, after);
    // The follow-up became due (or a new reply came in while it was): a fresh survey link for the SMS gateway.
    const isNewlyDue = isFollowUpDue(after) && (!current || !isFollowUpDue(current) || event.type === 'case.feedback_submitted');
    if (isNewlyDue) {
      rows.surveys.push({
        caseId: event.caseId,
        attempt: after.attempts + 1,
        ttlMs: this.surveyTtlMs,
        now: new Date(),
        cause: { eventId: event.eventId, correlationId: event.correlationId },
      });
    }
  }
}

/**
 * The follow-ups of a batch's cases, locked and read in one statement (a case's events apply one at a
 * time on its row, and an HTTP decision on the case waits for the batch), written in two when the batch
 * ends; then the survey links that became due (two statements for all of them), since a token refers to its
 * follow-up's row.
 */
class FollowUpRows implements BatchWork {
  readonly followUps: BatchedRows<FollowUpRecord>;
  readonly surveys: SurveyToIssue[] = [];

  constructor(
    private readonly manager: EntityManager,
    events: readonly CaseEvent[],
  ) {
    // Feedback's own events were applied where they were written; the others that move a follow-up lock its row.
    const followed = events.filter((event) => event.producer !== 'feedback' && FEEDBACK_TRACKED_EVENTS.has(event.type));
    this.followUps = new BatchedRows(manager, FollowUpRecord, followed.map((event) => event.caseId), { createMissing: false });
  }

  async flush(): Promise<void> {
    await this.followUps.flush();
    await appendToOutbox(this.manager, await issueSurveyTokens(this.manager, this.surveys.splice(0)));
  }
}

const FOLLOW_UP_ROWS = Symbol('feedback.follow-up-rows');

function changeFor(event: CaseProgressEvent, current: FollowUpRecord, cipher: PersonalDataCipher, policy: FollowUpPolicy): FollowUpChange {
  switch (event.type) {
    case 'case.received': {
      const { reporter } = event.payload;
      // Kept sealed for the call. A message from before sealing carries the contact in clear: seal it here.
      const sealed = reporter?.sealed ?? { name: cipher.sealNullable(reporter?.name ?? null), phone: cipher.sealNullable(reporter?.phone ?? null) };
      return {
        trackingNumber: event.payload.trackingNumber,
        reporterName: sealed.name,
        reporterPhone: sealed.phone,
        reporterConfidential: reporter?.confidential ?? false,
        requestType: event.payload.type,
        channel: event.payload.channel,
        title: event.payload.title,
        reporterInspectorId: event.payload.inspectorId ?? null,
      };
    }
    // The order ended without dispatch: retention counts from this moment.
    case 'case.answered':
    case 'case.transferred':
    case 'case.merged':
    case 'case.declined':
      return { closedAt: new Date(event.occurredAt) };
    // Open again: the retention period restarts when the case closes next. (Feedback's own reopens are counted where they are made.)
    case 'case.reopened':
      return { closedAt: null, closedAs: null, reopenCount: event.payload.reopenCount ?? current.reopenCount + 1 };
    case 'case.dispatched':
    case 'case.redispatched':
      return { agencyId: event.payload.agencyId, deadline: new Date(event.payload.deadline) };
    case 'case.signed':
    case 'case.deadline_passed':
      return { agencyId: event.payload.agencyId };
    // A new report starts a new round of calls.
    case 'case.feedback_submitted':
      return {
        agencyId: event.payload.agencyId,
        feedbackOutcome: event.payload.outcome,
        feedbackReply: event.payload.reply,
        feedbackAt: new Date(event.occurredAt),
        attempts: 0,
        result: null,
        firstAttemptAt: null,
        // 审核: decided when the reply comes in, from the request type (REVIEW_REQUIRED_FOR).
        reviewRequired: isReviewRequired(policy, current.requestType, current.channel),
        reviewedAt: null,
        reviewerId: null,
      };
    // 答非所问: the centre sent the reply back; there is nothing to call the citizen about yet.
    case 'case.feedback_returned':
      return { agencyId: event.payload.agencyId, feedbackOutcome: null, feedbackReply: null, feedbackAt: null, returnCount: current.returnCount + 1 };
  }
}

function emptyFollowUp(event: CaseProgressEvent): FollowUpRecord {
  return {
    caseId: event.caseId,
    trackingNumber: null,
    agencyId: null,
    status: 'received',
    reporterName: null,
    reporterPhone: null,
    reporterConfidential: false,
    feedbackOutcome: null,
    feedbackReply: null,
    feedbackAt: null,
    attempts: 0,
    result: null,
    closedAt: null,
    personalDataErasedAt: null,
    requestType: null,
    channel: null,
    title: null,
    reporterInspectorId: null,
    deadline: null,
    reviewRequired: false,
    reviewedAt: null,
    reviewerId: null,
    returnCount: 0,
    reopenCount: 0,
    reworkCount: 0,
    firstAttemptAt: null,
    closedAs: null,
    updatedAt: new Date(),
    correlationId: event.correlationId,
    lastEventId: event.eventId,
  };
}
