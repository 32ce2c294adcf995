import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Urgency } from '@hotline/contracts';

/** A classified case the catalogue cannot route (or too unsure a classification): a dispatcher (派单员) routes it by hand. */
@Entity({ name: 'manual_dispatch_queue' })
export class ManualDispatchRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** Null for a reopened case (重办) the policy gives to a dispatcher: dispatch keeps no category once a case is dispatched. */
  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text', name: 'street_code', nullable: true })
  streetCode!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  /** The event that queued the case: its case.classified, or the case.reopened of a reopen for a dispatcher (null for rows queued before it was recorded). */
  @Column({ type: 'uuid', name: 'classified_event_id', nullable: true })
  classifiedEventId!: string | null;

  @Column({ type: 'text', name: 'correlation_id', nullable: true })
  correlationId!: string | null;

  @Column({ type: 'double precision', nullable: true })
  confidence!: number | null;

  @Column({ type: 'timestamptz', name: 'queued_at' })
  queuedAt!: Date;
}
