import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SlaClockUnit } from '@hotline/case-lifecycle';
import type { Urgency } from '@hotline/contracts';

/** The feedback time limit of one urgency in one SLA profile (时限, config). */
@Entity({ name: 'sla_profiles' })
export class SlaProfileRecord {
  @PrimaryColumn({ type: 'text', name: 'profile_id' })
  profileId!: string;

  @PrimaryColumn({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'double precision' })
  amount!: number;

  @Column({ type: 'text' })
  unit!: SlaClockUnit;
}
