import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ExtensionRequestStatus = 'pending' | 'approved' | 'rejected';

/** A unit's request for more time (延期申请); the centre approves or rejects it at dispatch. */
@Entity({ name: 'extension_requests' })
export class ExtensionRequestRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** 1, 2, 3 … per case, over all its rounds. */
  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ type: 'integer' })
  round!: number;

  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'requested_deadline' })
  requestedDeadline!: Date;

  @Column({ type: 'timestamptz', name: 'previous_deadline' })
  previousDeadline!: Date;

  @Column({ type: 'text' })
  status!: ExtensionRequestStatus;

  @Column({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  /** The case.extension_requested event this request sent. */
  @Column({ type: 'uuid', name: 'event_id' })
  eventId!: string;
}
