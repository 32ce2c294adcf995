import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DisputeDecider, DisputeReason } from '@hotline/contracts';

export type DisputeStatus = 'pending' | 'redispatched' | 'rejected';

/** A unit's return of a case (退单 / 派单异议) and the centre's decision on it. */
@Entity({ name: 'disputes' })
export class DisputeRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'integer' })
  round!: number;

  /** The unit that returned the case. */
  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'text' })
  reason!: DisputeReason;

  @Column({ type: 'text' })
  note!: string;

  /** 1 for the case's first return, over all its rounds. */
  @Column({ type: 'integer', name: 'return_number' })
  returnNumber!: number;

  @Column({ type: 'boolean', name: 'requires_arbitration' })
  requiresArbitration!: boolean;

  @Column({ type: 'text' })
  status!: DisputeStatus;

  @Column({ type: 'timestamptz', name: 'raised_at' })
  raisedAt!: Date;

  /** The case.dispute_raised event: the cause of the decision's event. */
  @Column({ type: 'uuid', name: 'raised_event_id' })
  raisedEventId!: string;

  @Column({ type: 'text', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  /** The principal id of the dispatcher or arbitrator. */
  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'text', name: 'decided_as', nullable: true })
  decidedAs!: DisputeDecider | null;

  @Column({ type: 'text', name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'text', name: 'redispatched_to', nullable: true })
  redispatchedTo!: string | null;
}
