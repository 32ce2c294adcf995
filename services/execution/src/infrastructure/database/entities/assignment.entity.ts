import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import type { FeedbackOutcome } from '@hotline/contracts';

/** An order held by a handling unit (承办单位); a later dispatch round replaces it. */
@Entity({ name: 'assignments' })
export class AssignmentRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'integer' })
  round!: number;

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ type: 'timestamptz' })
  deadline!: Date;

  /** Units that see the order but do not answer for it (a street's district government). */
  @Column({ type: 'text', array: true, name: 'copied_to' })
  copiedTo!: string[];

  /** Co-handling units (协办): they see the order in their queues; the lead answers for it. */
  @Column({ type: 'text', array: true, name: 'co_handler_ids' })
  coHandlerIds!: string[];

  @Column({ type: 'timestamptz', name: 'signed_at', nullable: true })
  signedAt!: Date | null;

  @Column({ type: 'text', name: 'signed_by', nullable: true })
  signedBy!: string | null;

  @Column({ type: 'text', name: 'feedback_outcome', nullable: true })
  feedbackOutcome!: FeedbackOutcome | null;

  @Column({ type: 'text', name: 'feedback_reply', nullable: true })
  feedbackReply!: string | null;

  @Column({ type: 'timestamptz', name: 'feedback_at', nullable: true })
  feedbackAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'dispatched_at' })
  dispatchedAt!: Date;

  /** The dispatch event this round answers to: the cause of the unit's own events. */
  @Column({ type: 'uuid', name: 'dispatch_event_id' })
  dispatchEventId!: string;

  @Column({ type: 'text', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
