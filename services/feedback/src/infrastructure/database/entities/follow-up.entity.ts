import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import type { FeedbackOutcome, FollowUpResult } from '@hotline/contracts';

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
}
