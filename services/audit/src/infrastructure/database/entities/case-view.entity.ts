import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';

/** The case at a glance, projected from case_events in the same transaction as each append. */
@Entity({ name: 'case_view' })
export class CaseViewRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', name: 'tracking_number', nullable: true })
  trackingNumber!: string | null;

  /** Null until a legal first event (case.received) has been recorded. */
  @Column({ type: 'text', nullable: true })
  status!: CaseStatus | null;

  /** The request type (咨询, 投诉 …). */
  @Column({ type: 'text', nullable: true })
  type!: string | null;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', name: 'category_name', nullable: true })
  categoryName!: string | null;

  @Column({ type: 'text', nullable: true })
  urgency!: string | null;

  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text', name: 'district_name', nullable: true })
  districtName!: string | null;

  @Column({ type: 'text', name: 'street_code', nullable: true })
  streetCode!: string | null;

  @Column({ type: 'text', name: 'agency_id', nullable: true })
  agencyId!: string | null;

  @Column({ type: 'text', name: 'agency_name', nullable: true })
  agencyName!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ type: 'timestamptz', name: 'received_at', nullable: true })
  receivedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'dispatched_at', nullable: true })
  dispatchedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'signed_at', nullable: true })
  signedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'feedback_at', nullable: true })
  feedbackAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'text', name: 'last_event_type', nullable: true })
  lastEventType!: string | null;

  @Column({ type: 'timestamptz', name: 'last_event_at', nullable: true })
  lastEventAt!: Date | null;

  @Column({ type: 'integer', name: 'event_count', default: 0 })
  eventCount!: number;

  /** Events recorded although the state machine did not allow them at that point. */
  @Column({ type: 'integer', default: 0 })
  anomalies!: number;

  @Column({ type: 'text', name: 'last_anomaly', nullable: true })
  lastAnomaly!: string | null;

  /** 并案: the open case this one was merged into. */
  @Column({ type: 'uuid', name: 'merged_into_case_id', nullable: true })
  mergedIntoCaseId!: string | null;

  /** The head of the case's hash chain: the position and hash of its last recorded event (0 and null before the first). */
  @Column({ type: 'integer', name: 'chain_position', default: 0 })
  chainPosition!: number;

  @Column({ type: 'text', name: 'chain_hash', nullable: true })
  chainHash!: string | null;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
