import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A version of the dispatch catalogue (派单目录); exactly one is active and routes new cases. */
@Entity({ name: 'routing_catalogues' })
export class RoutingCatalogueRecord {
  @PrimaryColumn({ type: 'text' })
  version!: string;

  @Column({ type: 'boolean', name: 'is_active' })
  isActive!: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
