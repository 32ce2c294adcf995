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

  /** 单元网格: the unit grid under the case's position (or its component's). */
  @Column({ type: 'text', name: 'grid_code', nullable: true })
  gridCode!: string | null;

  /** 社区: from the grid, or named in the text. */
  @Column({ type: 'text', name: 'community_code', nullable: true })
  communityCode!: string | null;

  /** 部件: the component the case names, or the nearest within tolerance of its position. */
  @Column({ type: 'text', name: 'component_code', nullable: true })
  componentCode!: string | null;

  @Column({ type: 'text', name: 'component_owner_id', nullable: true })
  componentOwnerId!: string | null;

  @Column({ type: 'double precision' })
  confidence!: number;

  @Column({ type: 'text', name: 'matched_keywords', array: true })
  matchedKeywords!: string[];

  @Column({ type: 'text', name: 'classifier_version' })
  classifierVersion!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
