import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';

/** The lifecycle status of a case as far as dispatch follows it; changed only compare-and-set. */
@Entity({ name: 'case_states' })
export class CaseStateRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
