import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ExtensionRequestStatus = 'pending' | 'approved' | 'rejected';

/** A unit's request for more time (延期申请), as the centre reviews it. */
@Entity({ name: 'extension_requests' })
export class ExtensionRequestRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** 1, 2, 3 … per case. */
  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ type: 'integer', nullable: true })
  round!: number | null;

  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'requested_deadline' })
  requestedDeadline!: Date;

  /** The feedback deadline the unit asks to move, when its event says. */
  @Column({ type: 'timestamptz', name: 'previous_deadline', nullable: true })
  previousDeadline!: Date | null;

  @Column({ type: 'text' })
  status!: ExtensionRequestStatus;

  @Column({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  /** The case.extension_requested event: the cause of the decision's event. */
  @Column({ type: 'uuid', name: 'requested_event_id' })
  requestedEventId!: string;

  @Column({ type: 'text', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'text', name: 'decision_note', nullable: true })
  decisionNote!: string | null;
}
