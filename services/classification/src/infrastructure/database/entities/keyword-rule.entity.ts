import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Urgency } from '@hotline/contracts';

/**
 * One category of the keyword catalogue (config data). An edit sets `version` above every other row's,
 * so the highest version names the catalogue the classifier used.
 */
@Entity({ name: 'keyword_rules' })
export class KeywordRuleRecord {
  @PrimaryColumn({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', name: 'name_en' })
  nameEn!: string;

  @Column({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'text', array: true })
  keywords!: string[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Catalogue order; an earlier category wins a tie of equal weight and urgency. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'integer' })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
