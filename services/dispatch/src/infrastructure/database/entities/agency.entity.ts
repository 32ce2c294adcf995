import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgencyKind } from '@hotline/demo-city';

/** A handling unit (承办单位). */
@Entity({ name: 'agencies' })
export class AgencyRecord {
  @PrimaryColumn({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: AgencyKind;

  /** null for city-wide units. */
  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode!: string | null;

  /** A street office's district government, which is copied on its orders. */
  @Column({ type: 'text', name: 'parent_agency_id', nullable: true })
  parentAgencyId!: string | null;

  @Column({ type: 'text', name: 'street_code', nullable: true })
  streetCode!: string | null;
}
