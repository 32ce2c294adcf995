import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import type { Channel, ClosedAs, FeedbackOutcome, FollowUpResult, RequestType } from '@hotline/contracts';

/**
 * A case as the follow-up desk (回访) sees it. The reporter's contact is here, sealed, so an operator
 * can call back; it is opened only for that call and never goes into logs.
 */
@Entity({ name: 'follow_ups' })
export class FollowUpRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** Null only when case.received never reached this service. */
  @Column({ type: 'text', name: 'tracking_number', nullable: true })
  trackingNumber!: string | null;

  @Column({ type: 'text', name: 'agency_id', nullable: true })
  agencyId!: string | null;

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ type: 'text', name: 'reporter_name', nullable: true })
  reporterName!: string | null;

  @Column({ type: 'text', name: 'reporter_phone', nullable: true })
  reporterPhone!: string | null;

  @Column({ type: 'boolean', name: 'reporter_confidential' })
  reporterConfidential!: boolean;

  @Column({ type: 'text', name: 'feedback_outcome', nullable: true })
  feedbackOutcome!: FeedbackOutcome | null;

  @Column({ type: 'text', name: 'feedback_reply', nullable: true })
  feedbackReply!: string | null;

  @Column({ type: 'timestamptz', name: 'feedback_at', nullable: true })
  feedbackAt!: Date | null;

  /** Calls made for the current feedback, reached or not. */
  @Column({ type: 'integer' })
  attempts!: number;

  /** The latest call's result. */
  @Column({ type: 'jsonb', nullable: true })
  result!: FollowUpResult | null;

  /**
   * When the order last ended: closed after the follow-up call, or answered, transferred, merged or
   * declined at intake. Null while it is open (a reopening clears it); retention counts from here.
   */
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** When retention erased the reporter's contact (PERSONAL_DATA_RETENTION_DAYS after the order ended). */
  @Column({ type: 'timestamptz', name: 'personal_data_erased_at', nullable: true })
  personalDataErasedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'text', name: 'correlation_id' })
  correlationId!: string;

  /** The latest upstream event applied: the cause of the follow-up's own events. */
  @Column({ type: 'uuid', name: 'last_event_id' })
  lastEventId!: string;

  /** From case.received: the review policy and the grid flow depend on them. */
  @Column({ type: 'text', name: 'request_type', nullable: true })
  requestType!: RequestType | null;

  @Column({ type: 'text', nullable: true })
  channel!: Channel | null;

  /** What the survey page shows the citizen (no personal data). */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** A grid case: the inspector who reported it, who may not check it on site. */
  @Column({ type: 'text', name: 'reporter_inspector_id', nullable: true })
  reporterInspectorId!: string | null;

  /** The unit's feedback deadline of the current round, as dispatched. */
  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  /** 审核: the current reply waits for the centre's review before the follow-up call (REVIEW_REQUIRED_FOR). */
  @Column({ type: 'boolean', name: 'review_required' })
  reviewRequired!: boolean;

  @Column({ type: 'timestamptz', name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'text', name: 'reviewer_id', nullable: true })
  reviewerId!: string | null;

  /** Replies sent back to the unit (退回), reopens (重办) and rework orders (返工) of this case. */
  @Column({ type: 'integer', name: 'return_count' })
  returnCount!: number;

  @Column({ type: 'integer', name: 'reopen_count' })
  reopenCount!: number;

  @Column({ type: 'integer', name: 'rework_count' })
  reworkCount!: number;

  /** The first unanswered call of the current reply: the retry window (FOLLOW_UP_RETRY_WINDOW) counts from here. */
  @Column({ type: 'timestamptz', name: 'first_attempt_at', nullable: true })
  firstAttemptAt!: Date | null;

  @Column({ type: 'text', name: 'closed_as', nullable: true })
  closedAs!: ClosedAs | null;
}
