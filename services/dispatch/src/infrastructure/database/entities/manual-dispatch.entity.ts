import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Urgency } from '@hotline/contracts';

/** A classified case the catalogue cannot route (or too unsure a classification): a dispatcher (派单员) routes it by hand. */
@Entity({ name: 'manual_dispatch_queue' })
export class ManualDispatchRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text', name: 'street_code', nullable: true })
  streetCode!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  /** The case.classified that queued the case (null for rows queued before it was recorded). */
  @Column({ type: 'uuid', name: 'classified_event_id', nullable: true })
  classifiedEventId!: string | null;

  @Column({ type: 'text', name: 'correlation_id', nullable: true })
  correlationId!: string | null;

  @Column({ type: 'double precision', nullable: true })
  confidence!: number | null;

  @Column({ type: 'timestamptz', name: 'queued_at' })
  queuedAt!: Date;
}
