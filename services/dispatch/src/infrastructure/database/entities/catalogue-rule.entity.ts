import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RequestType } from '@hotline/contracts';

/** One rule of a catalogue version, at its position (1 first): the first matching rule wins. */
@Entity({ name: 'catalogue_rules' })
export class CatalogueRuleRecord {
  @PrimaryColumn({ type: 'integer', name: 'catalogue_version' })
  catalogueVersion!: number;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text', name: 'rule_id' })
  ruleId!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', name: 'request_types', array: true })
  requestTypes!: RequestType[];

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text', name: 'street_code', nullable: true })
  streetCode!: string | null;

  @Column({ type: 'text', name: 'grid_code', nullable: true })
  gridCode!: string | null;

  @Column({ type: 'text', array: true })
  keywords!: string[];

  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'text', name: 'co_handler_ids', array: true })
  coHandlerIds!: string[];
}
