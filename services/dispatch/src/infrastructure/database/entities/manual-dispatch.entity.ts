import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Urgency } from '@hotline/contracts';

/** A classified case no catalogue rule covers: a dispatcher (派单员) routes it by hand. */
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

  @Column({ type: 'timestamptz', name: 'queued_at' })
  queuedAt!: Date;
}
