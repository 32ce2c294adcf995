import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Urgency } from '@hotline/contracts';
import type { DistrictSource } from '../../../domain/district-locator';

/** The one classification of a case, kept so it can be looked up and audited. */
@Entity({ name: 'classifications' })
export class ClassificationRecord {
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

  @Column({ type: 'text', name: 'district_source', nullable: true })
  districtSource!: DistrictSource | null;

  @Column({ type: 'double precision' })
  confidence!: number;

  @Column({ type: 'text', name: 'matched_keywords', array: true })
  matchedKeywords!: string[];

  @Column({ type: 'text', name: 'classifier_version' })
  classifierVersion!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
