import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of a catalogue version: category × district → handling unit. */
@Entity({ name: 'routing_rules' })
export class RoutingRuleRecord {
  @PrimaryColumn({ type: 'text', name: 'catalogue_version' })
  catalogueVersion!: string;

  @PrimaryColumn({ type: 'text', name: 'rule_id' })
  ruleId!: string;

  /** null matches any category. */
  @Column({ type: 'text', nullable: true })
  category!: string | null;

  /** null matches any district, and a case whose district is unknown. */
  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'integer' })
  priority!: number;

  /** Order within the version: the earlier rule wins a full tie. */
  @Column({ type: 'integer' })
  position!: number;
}
